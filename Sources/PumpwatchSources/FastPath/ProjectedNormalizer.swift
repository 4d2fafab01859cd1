import PumpwatchCore

/// Computes only the projected fields of a format's normalized events, from scanned record bytes.
///
/// Each field a projector serves holds exactly what the format's full normalizer puts there. A
/// record the projector does not handle (`begin` returns false) goes through the full normalizer;
/// a projection naming a field the projector does not serve makes `init` fail, so the whole file
/// is read the full way.
protocol ProjectedNormalizer: AnyObject {
    /// The members to scan for.
    var schema: ScanSchema { get }
    /// The projected fields served, by id; `@timestamp` is always id 0.
    var fieldNames: [String] { get }
    /// Starts a record; false when it must take the full path (unusual shape, or an error to report).
    func begin(_ record: ScannedRecord) -> Bool
    /// The event time of the current record, when it has one.
    var timestampMillis: Int64? { get }
    /// The value of field `id` for the current record; nil when the event lacks it.
    func value(_ id: Int) -> Value?
    /// What field `id` follows from in the current record.
    func source(of id: Int) -> FieldSource
    /// The event fields of the current record among `ids` (the served ones present).
    func fields(_ ids: [Int]) -> [String: Value]
    /// Top-level member names whose string contents are enough to count a record (see `RecordSkim`);
    /// empty when the projector cannot count records that way.
    var skimmedMembers: [String] { get }
    /// The event time of a record the fast path would count as one event, from the contents of its
    /// `skimmedMembers` (`starts[k]..<ends[k]` in `record`, plain ASCII without escapes; -1 when
    /// absent); nil when the record must be read the normal way.
    func skimmedTimestamp(_ record: UnsafeRawBufferPointer, starts: UnsafePointer<Int32>, ends: UnsafePointer<Int32>) -> Int64?
    /// True when field `id`, whenever it holds a string, holds the exact text of one of the record's
    /// string members, or the JSON text of a member that is not a string (`RecordSkim`).
    func isVerbatimString(_ id: Int) -> Bool
}

/// What a projected field's value follows from in one record, so a reader can test conditions on
/// it cheaply (from the bytes, or remembering results by the bytes).
enum FieldSource {
    /// Several members of the record.
    case computed
    /// The same value in every event.
    case constant
    /// One member alone: its kind and bytes decide the field. With `textIsValue`, a plain ASCII
    /// string member that is not empty gives the field as a `.string` of the same text.
    case member(ScannedValue, textIsValue: Bool)
    /// One member alone, printed as a Java map string (`JavaMapFormatter`) after empty values are removed.
    case javaMap(ScannedValue)
}

extension ProjectedNormalizer {
    var skimmedMembers: [String] { [] }

    func skimmedTimestamp(_ record: UnsafeRawBufferPointer, starts: UnsafePointer<Int32>, ends: UnsafePointer<Int32>) -> Int64? {
        nil
    }

    func isVerbatimString(_ id: Int) -> Bool { false }

    /// The id of a projected field, or nil when the projector never produces it.
    func fieldID(_ name: String) -> Int? {
        fieldNames.firstIndex(of: name)
    }
}
