import PumpwatchCore

/// One CloudEvent from Twilio Event Streams (`specversion`, `type` such as
/// `com.twilio.messaging.message.delivered`, `source`, `id`, `time`, `data`), as a webhook sink
/// receives them: a JSON array of events per request.
///
/// The event is kept as Twilio wrote it; it is the record the Twilio Event Streams reader reads,
/// and its `id` identifies it across retries.
public struct TwilioCloudEvent: Sendable {
    public var id: String
    public var type: String
    /// The event as received.
    public var value: JSONValue
    /// Its bytes as received.
    public var bytes: [UInt8]

    /// The event in a parsed CloudEvent; `bytes` are the event's own bytes.
    public init(json: JSONValue, bytes: [UInt8]) throws(IngestError) {
        guard case .object = json else { throw .malformed("a CloudEvent must be a JSON object") }
        guard let id = json["id"]?.scalarText, !id.isEmpty else { throw .malformed("the CloudEvent has no id") }
        guard let type = json["type"]?.string, !type.isEmpty else { throw .malformed("the CloudEvent has no type") }
        guard type.hasPrefix("com.twilio.") else { throw .malformed("CloudEvent type \(type.prefix(80)) is not a Twilio event type") }
        if let data = json["data"], data != .null, data.objectMembers == nil {
            throw .malformed("the CloudEvent's data is not a JSON object")
        }
        self.id = id
        self.type = type
        self.value = json
        self.bytes = bytes
    }

    /// The events of a webhook body: a JSON array of CloudEvents, or one CloudEvent. An event
    /// that cannot be read is an error carrying its 1-based number.
    public static func batch(_ body: [UInt8]) throws(IngestError) -> [TwilioCloudEvent] {
        try JSONNesting.check(body)
        let documents = try JSONDocuments.split(body, what: "the body")
        guard documents.count == 1, let document = documents.first else {
            throw .malformed("expected one JSON array of CloudEvents, found \(documents.count) documents")
        }
        if document.value.objectMembers != nil {
            do {
                return [try TwilioCloudEvent(json: document.value, bytes: document.bytes)]
            } catch {
                throw error.at(record: 1)
            }
        }
        guard document.value.arrayElements != nil else { throw .malformed("expected a JSON array of CloudEvents") }
        let elements = try JSONDocuments.split(document.bytes, layout: .array, what: "the body")
        var out: [TwilioCloudEvent] = []
        out.reserveCapacity(elements.count)
        for (i, element) in elements.enumerated() {
            do {
                out.append(try TwilioCloudEvent(json: element.value, bytes: element.bytes))
            } catch {
                throw error.at(record: i + 1)
            }
        }
        return out
    }
}
