import PumpwatchCore
import PumpwatchSources

/// A delivery from Amazon Data Firehose to an HTTP endpoint: `{"requestId", "timestamp",
/// "records": [{"data": base64}, ...]}`, the request id repeated in `X-Amz-Firehose-Request-Id`.
///
/// The records carry CloudWatch Logs subscription payloads (gzip JSON; SNS delivery status logs
/// as their messages) or EventBridge events (JSON; CloudTrail records in `detail`), and also
/// plain records of any format the readers know.
public struct FirehoseRequest: Sendable {
    /// The request id, the same on every retry of the request.
    public var requestID: String
    /// When Firehose sent it, epoch milliseconds.
    public var timestamp: Int64
    /// The records' data, base64-decoded.
    public var records: [[UInt8]]

    public init(requestID: String, timestamp: Int64, records: [[UInt8]]) {
        self.requestID = requestID
        self.timestamp = timestamp
        self.records = records
    }

    /// The request in a Firehose JSON body (already inflated if it was sent gzip).
    public static func decode(_ body: [UInt8]) throws(IngestError) -> FirehoseRequest {
        try JSONNesting.check(body)
        let value: JSONValue
        do {
            value = try JSONParser.parse(body)
        } catch {
            throw .malformed("invalid JSON: \(error)")
        }
        guard case .object = value else { throw .malformed("expected a Firehose request object") }
        guard let requestID = value["requestId"]?.string, !requestID.isEmpty, requestID.utf8.count <= 256 else {
            throw .malformed("requestId: expected the request id")
        }
        guard case .int(let timestamp)? = value["timestamp"] else { throw .malformed("timestamp: expected epoch milliseconds") }
        guard let items = value["records"]?.arrayElements else { throw .malformed("records: expected an array") }
        var records: [[UInt8]] = []
        records.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            guard let data = item["data"]?.string else { throw .malformed("records[\(i)].data: expected base64 text", record: i + 1) }
            guard let bytes = Base64.decode(Array(data.utf8)) else {
                throw .malformed("records[\(i)].data: not valid base64", record: i + 1)
            }
            records.append(bytes)
        }
        return FirehoseRequest(requestID: requestID, timestamp: timestamp, records: records)
    }

    /// The records as one validated batch. Gzip data is inflated (at most `decodedLimit` bytes
    /// over all records) and read as CloudWatch Logs payloads; JSON data may hold several
    /// documents, each a CloudWatch Logs payload, an EventBridge event or a plain record.
    public func batch(decodedLimit: Int, source: String) throws(IngestError) -> IngestBatch {
        var batch = IngestBatch(source: source)
        var budget = decodedLimit
        for (i, data) in records.enumerated() {
            let number = i + 1
            do throws(IngestError) {
                if GzipDecoder.hasGzipMagic(data) {
                    let json = try IngestBody.gunzip(data, limit: budget, what: "the record's data")
                    budget -= json.count
                    for payload in try CloudWatchLogsPayload.decode(json, decodedLimit: budget) {
                        try add(payload, to: &batch, number: number)
                    }
                } else {
                    try JSONNesting.check(data)
                    let documents = try JSONDocuments.split(data, what: "the record's data")
                    guard !documents.isEmpty else { throw IngestError.malformed("the record's data is empty") }
                    for document in documents {
                        do {
                            try add(document, to: &batch, number: number)
                        } catch {
                            throw documents.count > 1 ? error.within("document \(document.number)") : error
                        }
                    }
                }
            } catch {
                throw error.at(record: number)
            }
        }
        return batch
    }

    private func add(_ payload: CloudWatchLogsPayload, to batch: inout IngestBatch, number: Int) throws(IngestError) {
        guard payload.messageType == .data else { return }
        for (i, document) in payload.singleEventDocuments().enumerated() {
            do {
                try batch.add(format: .snsDelivery, record: document.value, bytes: nil, number: number, eventID: document.id)
            } catch {
                throw error.within("logEvents[\(i)]")
            }
        }
    }

    private func add(_ document: JSONDocuments.Document, to batch: inout IngestBatch, number: Int) throws(IngestError) {
        let value = document.value
        if value["messageType"] != nil {
            try add(try CloudWatchLogsPayload(json: value), to: &batch, number: number)
        } else if EventBridgeEnvelope.isEnvelope(value) {
            let envelope = try EventBridgeEnvelope(json: value)
            try batch.add(format: .cloudtrail, record: try envelope.cloudTrailRecord(), bytes: nil, number: number)
        } else {
            let format = EventBatchDecoder.formatOf(value) ?? .ndjson
            try batch.add(format: format, record: value, bytes: document.bytes, number: number)
        }
    }
}
