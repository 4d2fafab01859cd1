import PumpwatchCore

/// Reads Azure Application Insights `AppRequests` exports: a JSON array, NDJSON, or a Log Analytics
/// query result (`{"tables": [...]}`), whose rows the normalizer zips with the column names.
public struct AppRequestsReader: FormatReader, Sendable {
    public init() {}

    public var format: SourceFormat { .appRequests }

    /// Rows of a query result are numbered by the normalizer, so a whole document carries no index.
    public func origin(of record: RawRecord, path: String, layout: RecordLayout) -> Origin {
        Origin(file: path, line: record.line, record: layout == .array ? record.index : nil)
    }
}
