import PumpwatchCore

/// Reads AWS CloudTrail records: `{"Records": [...]}` files, NDJSON, JSON arrays, and CloudTrail
/// Lake `get-query-results` output, whose rows (arrays of one-member objects) are merged into one
/// record each before normalizing.
public struct CloudTrailReader: FormatReader, Sendable {
    public init() {}

    public var format: SourceFormat { .cloudtrail }

    public func events(fromJSON record: JSONValue, origin: Origin) throws(MalformedRecord) -> [Event] {
        if let cells = record.arrayElements {
            return try Normalizer.events(format: .cloudtrail, record: try CloudTrailReader.mergeQueryResultRow(cells, origin: origin), origin: origin)
        }
        return try Normalizer.events(format: .cloudtrail, record: record, origin: origin)
    }

    /// One CloudTrail Lake result row (`[{"eventID": "..."}, {"eventTime": "..."}]`) as one object.
    ///
    /// Column names with dots (`userIdentity.arn`) become nested objects, so the row reads like a
    /// CloudTrail record.
    public static func mergeQueryResultRow(_ cells: [JSONValue], origin: Origin) throws(MalformedRecord) -> JSONValue {
        var merged: [(String, JSONValue)] = []
        for cell in cells {
            guard let members = cell.objectMembers else {
                throw MalformedRecord(origin: origin, reason: "a CloudTrail Lake result row must hold objects")
            }
            for (key, value) in members {
                insert(value, at: key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)[...], into: &merged)
            }
        }
        return .object(merged)
    }

    private static func insert(_ value: JSONValue, at path: ArraySlice<String>, into members: inout [(String, JSONValue)]) {
        guard let key = path.first else { return }
        let rest = path.dropFirst()
        let existing = members.firstIndex { $0.0 == key }
        if rest.isEmpty {
            if let i = existing { members[i].1 = value } else { members.append((key, value)) }
            return
        }
        var inner: [(String, JSONValue)] = []
        if let i = existing, let m = members[i].1.objectMembers { inner = m }
        insert(value, at: rest, into: &inner)
        if let i = existing { members[i].1 = .object(inner) } else { members.append((key, .object(inner))) }
    }
}
