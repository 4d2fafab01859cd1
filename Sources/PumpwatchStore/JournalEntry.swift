/// One ingested record, journaled before the sender gets its 2xx.
public struct JournalEntry: Sendable, Equatable {
    /// The store's sequence number, ascending in append order; `nil` until stored.
    public var sequence: Int64?
    /// The `SourceFormat` raw value (`cloudtrail`, `twilio-messages`).
    public var format: String
    /// The event's own id: CloudTrail `eventID`, Twilio `sid`, CloudEvent `id`. With `format`, the dedup key.
    public var eventID: String
    /// When it was received, epoch milliseconds.
    public var receivedAt: Int64
    /// One record, its raw JSON bytes.
    public var body: [UInt8]

    public init(format: String, eventID: String, receivedAt: Int64, body: [UInt8]) {
        self.sequence = nil
        self.format = format
        self.eventID = eventID
        self.receivedAt = receivedAt
        self.body = body
    }
}
