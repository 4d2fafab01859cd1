import Crypto
import Hummingbird
import Logging
import PumpwatchCore
import PumpwatchGuard
import PumpwatchStore

/// The live ingest routes, mounted at `/v1`:
///
/// - `POST /v1/events`: NDJSON, a JSON array, or a document the readers know, in any format
///   (`?format=cloudtrail`, or found from each record's keys), gzip accepted (`Content-Encoding:
///   gzip` or the gzip magic bytes). Bearer token, as every other route.
/// - `POST /v1/twilio/events`: a Twilio Event Streams webhook sink (a JSON array of CloudEvents),
///   authenticated by `X-Twilio-Signature` over the URL with its `bodySHA256`, or by the HTTP
///   Basic credentials the sink URL carries.
/// - `POST /v1/twilio/status`: Twilio message status callbacks (form-encoded), authenticated by
///   `X-Twilio-Signature` over the URL and the sorted form parameters.
/// - `POST /v1/aws/firehose`: the Amazon Data Firehose HTTP endpoint protocol, authenticated by
///   `X-Amz-Firehose-Access-Key`, answered with the body Firehose expects (also on errors).
///
/// Every request is read whole and validated before anything is stored: each record must parse
/// with the normalizer of its format. A batch with one bad record is rejected whole with 400,
/// naming the record's 1-based number and the reason, and nothing from it is journaled; the
/// sender fixes or drops it and retries. Bodies over `ingest.body_limit` (or inflating to more
/// than eight times it) get 413, JSON nested deeper than 64 levels gets 400. Missing credentials
/// get 401, wrong ones 403, and a Twilio or Firehose route whose credentials are not configured
/// answers 403 to everyone; secrets are compared in constant time and never logged, nor are
/// bodies.
///
/// A 200 means the records are durable in the store's ingest journal. Delivery is at least once:
/// records are deduplicated by their own id (see `IngestBatch`), so a retried batch is counted
/// under `duplicates`, not journaled twice. After journaling, `onJournaled` gets what was added
/// (`JournaledRecords`); continuous detection reads the entries from the journal itself. The answer is `{"accepted": n, "duplicates": d, "by_format": {...}}`.
public struct IngestRoutes<Store: PumpwatchStore>: Sendable {
    let store: Store
    let configuration: IngestConfiguration
    let onJournaled: @Sendable (JournaledRecords) async -> Void
    let signer: TwilioSignature?
    let now: @Sendable () -> Int64
    /// Counts refused malformed requests for `/metrics`.
    var metrics: ServerMetrics?

    /// Routes journaling into `store`; `onJournaled` is called with what each request added.
    public init(store: Store, configuration: IngestConfiguration, onJournaled: @escaping @Sendable (JournaledRecords) async -> Void) {
        self.init(store: store, configuration: configuration, onJournaled: onJournaled, now: { Guard.nowMillis() })
    }

    init(
        store: Store, configuration: IngestConfiguration, onJournaled: @escaping @Sendable (JournaledRecords) async -> Void,
        now: @escaping @Sendable () -> Int64
    ) {
        self.store = store
        self.configuration = configuration
        self.onJournaled = onJournaled
        self.signer = configuration.twilioAuthToken.map { TwilioSignature(authToken: $0) }
        self.now = now
    }

    /// Adds the routes to `group`, which is mounted at `/v1`.
    public func addRoutes(to group: RouterGroup<PumpwatchRequestContext>) {
        group.post("events", use: events)
        group.post("twilio/events", use: twilioEvents)
        group.post("twilio/status", use: twilioStatus)
        group.post("aws/firehose", use: firehose)
    }

    // MARK: - Routes

    @Sendable func events(_ request: Request, context: PumpwatchRequestContext) async throws -> Response {
        var format: SourceFormat?
        for (key, value) in request.uri.queryParameters {
            guard key == "format" else {
                throw APIError.badRequest("unknown query parameter '\(key.prefix(40))'; expected format", field: String(key.prefix(40)))
            }
            guard let f = SourceFormat(rawValue: String(value)) else {
                let names = SourceFormat.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.badRequest("format: expected one of \(names), found '\(value.prefix(40))'", field: "format")
            }
            format = f
        }
        return try await ingest(request, context: context) { body throws(IngestError) in
            try EventBatchDecoder.decode(try decoded(body, request), format: format, source: "POST /v1/events")
        }
    }

    @Sendable func twilioEvents(_ request: Request, context: PumpwatchRequestContext) async throws -> Response {
        let basic = configuration.twilioBasicAuth
        guard basic != nil || signer != nil else {
            throw APIError(.forbidden, "Twilio ingest is not enabled: configure ingest.twilio")
        }
        let authorization = request.headers[.authorization]
        let signature = request.headers[IngestRoutes.twilioSignature]
        let sentBasic = authorization.map { $0.drop(while: { $0 == " " }).lowercased().hasPrefix("basic ") } ?? false
        if sentBasic, let basic, let authorization {
            guard basic.matches(authorization: authorization) else {
                throw APIError(.forbidden, "the Basic credentials are not accepted")
            }
        } else if signature == nil || signer == nil {
            throw APIError(
                .unauthorized, basic != nil ? "send the sink's Basic credentials or X-Twilio-Signature" : "X-Twilio-Signature is required",
                headers: basic != nil ? [.wwwAuthenticate: "Basic realm=\"pumpwatch\""] : [:])
        }
        let checkSignature = !(sentBasic && basic != nil)
        let url = signedURL(request)
        return try await ingest(request, context: context) { body throws(IngestError) in
            if checkSignature, let signer, let signature, !signer.isValid(signature, url: url, body: body) {
                throw IngestError.forgedSignature
            }
            var batch = IngestBatch(source: "POST /v1/twilio/events")
            for (i, event) in try TwilioCloudEvent.batch(try decoded(body, request)).enumerated() {
                try batch.add(format: .twilioEvents, record: event.value, bytes: event.bytes, number: i + 1, eventID: event.id)
            }
            return batch
        }
    }

    @Sendable func twilioStatus(_ request: Request, context: PumpwatchRequestContext) async throws -> Response {
        guard let signer else {
            throw APIError(.forbidden, "Twilio ingest is not enabled: configure ingest.twilio.auth_token_env or auth_token_file")
        }
        guard let signature = request.headers[IngestRoutes.twilioSignature] else {
            throw APIError(.unauthorized, "X-Twilio-Signature is required")
        }
        if let type = request.headers[.contentType], !type.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            throw APIError(.unsupportedMediaType, "expected a form body (application/x-www-form-urlencoded)")
        }
        let url = signedURL(request)
        let receivedAt = now()
        return try await ingest(request, context: context) { body throws(IngestError) in
            let parameters = try FormBody.parameters(body)
            guard signer.isValid(signature, url: url, parameters: parameters) else { throw IngestError.forgedSignature }
            let callback = try TwilioStatusCallback(parameters: parameters)
            var batch = IngestBatch(source: "POST /v1/twilio/status")
            try batch.add(
                format: .twilioMessages, record: callback.messageResource(receivedAt: receivedAt), bytes: nil, number: 1, eventID: callback.eventID)
            return batch
        }
    }

    @Sendable func firehose(_ request: Request, context: PumpwatchRequestContext) async throws -> Response {
        let headerID = request.headers[IngestRoutes.firehoseRequestID]
        func answer(_ status: HTTPResponse.Status, _ message: String?, requestID: String?) -> Response {
            let body = FirehoseResponse(requestID: requestID ?? headerID ?? "", timestamp: now(), errorMessage: message)
            return .json(body.json, status: status)
        }
        guard !configuration.firehoseAccessKeys.isEmpty else {
            return answer(.forbidden, "Firehose ingest is not enabled: configure ingest.firehose.access_keys", requestID: nil)
        }
        guard let key = request.headers[IngestRoutes.firehoseAccessKey] else {
            return answer(.unauthorized, "X-Amz-Firehose-Access-Key is required", requestID: nil)
        }
        let digest = Array(SHA256.hash(data: Array(key.utf8)))
        guard ConstantTime.firstMatch(digest, in: configuration.firehoseAccessKeys.map(\.sha256)) != nil else {
            return answer(.forbidden, "the access key is not accepted", requestID: nil)
        }
        var requestID: String?
        do {
            let body = try await IngestRoutes.body(request, limit: configuration.bodyLimit)
            let delivery = try FirehoseRequest.decode(try decoded(body, request))
            requestID = delivery.requestID
            if let headerID, headerID != delivery.requestID {
                throw IngestError.malformed("requestId differs from the X-Amz-Firehose-Request-Id header")
            }
            let batch = try delivery.batch(decodedLimit: configuration.decodedBodyLimit, source: "POST /v1/aws/firehose")
            let result = try await journal(batch, context: context)
            context.logger.debug(
                "ingest journaled",
                metadata: ["route": "firehose", "request_id": "\(delivery.requestID)", "accepted": "\(result.accepted)", "duplicates": "\(result.duplicates + batch.repeated)"])
            return answer(.ok, nil, requestID: delivery.requestID)
        } catch let error as IngestError {
            if error.status == .badRequest { metrics?.malformed(route: "aws/firehose", count: 1) }
            context.logger.notice("ingest refused", metadata: ["route": "firehose", "status": "\(error.status.code)", "record": "\(error.record.map(String.init) ?? "-")"])
            return answer(error.status, error.apiError.message, requestID: requestID)
        } catch {
            context.logger.error("ingest failed", metadata: ["route": "firehose", "error": "\(type(of: error))"])
            return answer(.internalServerError, "the records could not be stored; retry", requestID: requestID)
        }
    }

    // MARK: - Shared steps

    static var twilioSignature: HTTPFields.Element.Name { HTTPFields.Element.Name("X-Twilio-Signature")! }
    static var firehoseAccessKey: HTTPFields.Element.Name { HTTPFields.Element.Name("X-Amz-Firehose-Access-Key")! }
    static var firehoseRequestID: HTTPFields.Element.Name { HTTPFields.Element.Name("X-Amz-Firehose-Request-Id")! }

    /// Reads the body, decodes it with `decode`, journals the batch and answers with the counts;
    /// an `IngestError` becomes the API error it stands for.
    private func ingest(
        _ request: Request, context: PumpwatchRequestContext, decode: ([UInt8]) throws(IngestError) -> IngestBatch
    ) async throws -> Response {
        let route = String(request.uri.path.dropFirst(4))
        let batch: IngestBatch
        do {
            let body = try await IngestRoutes.body(request, limit: configuration.bodyLimit)
            batch = try decode(body)
        } catch let error as IngestError {
            if error.status == .badRequest { metrics?.malformed(route: route, count: 1) }
            context.logger.notice("ingest refused", metadata: ["route": "\(route)", "status": "\(error.status.code)", "record": "\(error.record.map(String.init) ?? "-")"])
            throw error.apiError
        }
        let result = try await journal(batch, context: context)
        context.logger.debug(
            "ingest journaled", metadata: ["route": "\(route)", "accepted": "\(result.accepted)", "duplicates": "\(result.duplicates + batch.repeated)"])
        return .json("{\"accepted\":\(result.accepted),\"duplicates\":\(result.duplicates + batch.repeated),\"by_format\":\(batch.countsJSON)}")
    }

    /// The body as received, at most `limit` bytes: a declared length over it is refused before
    /// reading, a streamed body when it passes the limit.
    static func body(_ request: Request, limit: Int) async throws -> [UInt8] {
        if let text = request.headers[.contentLength], let length = Int(text), length > limit {
            throw IngestError(.tooLarge, "the body is \(length) bytes; the limit is \(limit)")
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw IngestError(.tooLarge, "the body is over the limit of \(limit) bytes")
        }
    }

    /// The body's bytes after `Content-Encoding` (or gzip magic), held to the decoded limit.
    private func decoded(_ body: [UInt8], _ request: Request) throws(IngestError) -> [UInt8] {
        try IngestBody.decode(body, contentEncoding: request.headers[.contentEncoding], limit: configuration.decodedBodyLimit)
    }

    /// The URL Twilio called: `ingest.public_url` (else `http://` and the Host header), the path and the query.
    func signedURL(_ request: Request) -> String {
        let base = configuration.publicURL ?? "http://\(request.head.authority ?? "")"
        let query = request.uri.query.map { "?\($0)" } ?? ""
        return base + request.uri.path + query
    }

    /// Journals the batch and tells `onJournaled` what it added.
    private func journal(_ batch: IngestBatch, context: PumpwatchRequestContext) async throws -> JournalAppend {
        let entries = batch.journalEntries(receivedAt: now())
        guard !entries.isEmpty else { return JournalAppend(accepted: 0, duplicates: 0, lastSequence: nil) }
        let result = try await store.appendToJournal(entries)
        guard result.accepted > 0 else { return result }
        let counts = result.duplicates == 0 ? batch.countByFormat : await addedByFormat(entries, result, context: context)
        await onJournaled(JournaledRecords(append: result, countByFormat: counts))
        return result
    }

    /// The formats of the entries `result` says were added when some were duplicates, read back
    /// from the store (one append is one transaction, so its entries are the `accepted` sequences
    /// ending at `lastSequence`); empty when they cannot be read.
    private func addedByFormat(_ entries: [JournalEntry], _ result: JournalAppend, context: PumpwatchRequestContext) async -> [SourceFormat: Int] {
        guard let last = result.lastSequence else { return [:] }
        var counts: [SourceFormat: Int] = [:]
        do {
            let keys = Set(entries.map { $0.format + "\u{0}" + $0.eventID })
            for entry in try await store.journal(after: last - Int64(result.accepted), limit: result.accepted)
            where keys.contains(entry.format + "\u{0}" + entry.eventID) {
                if let format = SourceFormat(rawValue: entry.format) { counts[format, default: 0] += 1 }
            }
        } catch {
            context.logger.warning("journaled entries could not be read back", metadata: ["error": "\(type(of: error))"])
        }
        return counts
    }
}

extension IngestError {
    /// A Twilio signature that does not match: answered with 403.
    static var forgedSignature: IngestError { IngestError(.forbidden, "X-Twilio-Signature does not match the URL and body") }
}
