/// The ways `pumpwatch query` prints result rows.
public enum ResultFormat: String, Sendable, CaseIterable {
    case table, json, ndjson, csv
}
