import PumpwatchCore
import PumpwatchSources

/// A CloudWatch Logs subscription payload, as a subscription filter delivers it to Firehose: gzip
/// JSON with `messageType` (`DATA_MESSAGE`, or `CONTROL_MESSAGE` when CloudWatch Logs checks that
/// the destination is reachable), `owner` (the account), `logGroup`, `logStream`,
/// `subscriptionFilters` and `logEvents` (`id`, `timestamp` in epoch milliseconds, `message`).
///
/// For SNS SMS delivery status logs the messages are the delivery JSON records.
public struct CloudWatchLogsPayload: Sendable {
    public enum MessageType: String, Sendable {
        case data = "DATA_MESSAGE"
        case control = "CONTROL_MESSAGE"
    }

    /// One log event: its id (unique within CloudWatch Logs), time and message text.
    public struct LogEvent: Sendable, Equatable {
        public var id: String
        public var timestamp: Int64
        public var message: String
    }

    public var messageType: MessageType
    public var owner: String?
    public var logGroup: String?
    public var logStream: String?
    public var subscriptionFilters: [String]
    /// The log events; empty for a control message.
    public var logEvents: [LogEvent]

    /// The payloads in `bytes`: gzip JSON as CloudWatch Logs sends it (several gzip members or
    /// JSON documents in a row are read in turn), or the JSON itself. Inflated data is held to
    /// `decodedLimit` bytes.
    public static func decode(_ bytes: [UInt8], decodedLimit: Int) throws(IngestError) -> [CloudWatchLogsPayload] {
        let json = GzipDecoder.hasGzipMagic(bytes) ? try IngestBody.gunzip(bytes, limit: decodedLimit, what: "the CloudWatch Logs data") : bytes
        try JSONNesting.check(json)
        let documents = try JSONDocuments.split(json, what: "the CloudWatch Logs data")
        var out: [CloudWatchLogsPayload] = []
        for document in documents {
            do {
                out.append(try CloudWatchLogsPayload(json: document.value))
            } catch {
                throw documents.count > 1 ? error.within("document \(document.number)") : error
            }
        }
        guard !out.isEmpty else { throw .malformed("the CloudWatch Logs data is empty") }
        return out
    }

    /// The payload in a parsed subscription document.
    public init(json: JSONValue) throws(IngestError) {
        guard case .object = json else { throw .malformed("a CloudWatch Logs payload must be a JSON object") }
        guard let typeText = json["messageType"]?.string else { throw .malformed("the CloudWatch Logs payload has no messageType") }
        guard let type = MessageType(rawValue: typeText) else {
            throw .malformed("messageType \(typeText.prefix(40)) is neither DATA_MESSAGE nor CONTROL_MESSAGE")
        }
        messageType = type
        owner = json["owner"]?.string
        logGroup = json["logGroup"]?.string
        logStream = json["logStream"]?.string
        subscriptionFilters = json["subscriptionFilters"]?.arrayElements?.compactMap(\.string) ?? []
        logEvents = []
        // A control message's log event is a health check with an empty id: nothing to read.
        if type == .control { return }
        guard let events = json["logEvents"]?.arrayElements else {
            throw .malformed("the CloudWatch Logs payload has no logEvents array")
        }
        for (i, e) in events.enumerated() {
            guard let id = e["id"]?.scalarText, !id.isEmpty else { throw .malformed("logEvents[\(i)] has no id") }
            guard let timestamp = MessagingFields.integer(e["timestamp"]) else { throw .malformed("logEvents[\(i)] has no timestamp") }
            guard let message = e["message"]?.string else { throw .malformed("logEvents[\(i)] has no message text") }
            logEvents.append(LogEvent(id: id, timestamp: timestamp, message: message))
        }
    }

    /// One subscription document per log event, carrying this payload's owner, group, stream and
    /// filters, with the log event's id: what the SNS delivery reader reads, one event each.
    public func singleEventDocuments() -> [(id: String, value: JSONValue)] {
        logEvents.map { e in
            var members: [(String, JSONValue)] = [("messageType", .string(messageType.rawValue))]
            if let owner { members.append(("owner", .string(owner))) }
            if let logGroup { members.append(("logGroup", .string(logGroup))) }
            if let logStream { members.append(("logStream", .string(logStream))) }
            members.append(("subscriptionFilters", .array(subscriptionFilters.map { .string($0) })))
            members.append(("logEvents", .array([.object([("id", .string(e.id)), ("timestamp", .int(e.timestamp)), ("message", .string(e.message))])])))
            return (e.id, .object(members))
        }
    }
}
