import PumpwatchCore

/// The body Amazon Data Firehose expects from an HTTP endpoint: `{"requestId", "timestamp"}`,
/// plus `errorMessage` when the delivery failed. `requestId` repeats the request's; `timestamp`
/// is when the endpoint answered, epoch milliseconds. Firehose treats only a 200 with this body
/// as delivered and retries anything else.
public struct FirehoseResponse: Sendable, Equatable {
    public var requestID: String
    public var timestamp: Int64
    public var errorMessage: String?

    public init(requestID: String, timestamp: Int64, errorMessage: String? = nil) {
        self.requestID = requestID
        self.timestamp = timestamp
        self.errorMessage = errorMessage
    }

    /// The response body.
    public var json: [UInt8] {
        var out = "{\"requestId\":"
        JSONWriter.appendString(requestID, to: &out)
        out += ",\"timestamp\":\(timestamp)"
        if let errorMessage {
            out += ",\"errorMessage\":"
            JSONWriter.appendString(errorMessage, to: &out)
        }
        out += "}"
        return Array(out.utf8)
    }
}
