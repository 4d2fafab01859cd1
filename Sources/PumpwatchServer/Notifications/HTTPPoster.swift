import CCurl
import Dispatch
import Foundation

/// POSTs notification bodies through libcurl and sorts the result into a `DeliveryOutcome`:
/// 2xx delivered; 408, 429, 5xx, timeouts and connection errors retried; any other status
/// (including redirects, which are never followed) rejected.
///
/// libcurl is loaded the first time something is posted, so that commands that never post do not
/// load it and its dependencies. Nothing it reports contains the URL, the request headers or the
/// body it sent.
public struct HTTPPoster: Sendable {
    /// The most bytes of a receiver's answer kept in an outcome.
    public static let responseExcerptLimit = 200

    /// A poster: no cookies, no cache, no redirects, HTTP and HTTPS only.
    public init() {}

    /// POSTs `body` to `url` with `headers`, giving up after `timeout` seconds.
    public func post(_ body: [UInt8], to url: URL, headers: [(String, String)], timeout: Double) async -> DeliveryOutcome {
        let exchange = Exchange()
        let target = url.absoluteString
        let lines = headers.map { "\($0.0): \($0.1)" }
        let milliseconds = max(1, Int(timeout * 1000))
        let code: Int32 = await withTaskCancellationHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Int32, Never>) in
                // libcurl blocks: the request runs on a thread of its own, not on the caller's executor.
                DispatchQueue.global().async {
                    done.resume(returning: exchange.post(target, headers: lines, body: body, timeoutMilliseconds: milliseconds))
                }
            }
        } onCancel: {
            exchange.cancel()
        }
        // An answer that arrived counts even when the caller was cancelled meanwhile.
        if code == 0 {
            let status = exchange.status
            guard status > 0 else { return .retry(reason: "no HTTP response", response: nil, retryAfter: nil) }
            return HTTPPoster.outcome(status: status, body: exchange.body, retryAfter: exchange.retryAfter)
        }
        return Task.isCancelled ? .cancelled : HTTPPoster.outcome(curlCode: code, timeout: timeout)
    }

    /// Nothing to release: each request has its own connection.
    public func finish() {}

    /// The outcome of an answer with `status`.
    static func outcome(status: Int, body: [UInt8], retryAfter: String?) -> DeliveryOutcome {
        let excerpt = HTTPPoster.excerpt(body)
        switch status {
        case 200...299:
            return .delivered(status: status)
        case 408, 429, 500...599:
            return .retry(reason: "HTTP \(status)", response: excerpt, retryAfter: retryAfter.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) })
        case 300...399:
            return .rejected(reason: "HTTP \(status): redirects are not followed; configure the final URL", response: excerpt)
        default:
            return .rejected(reason: "HTTP \(status)", response: excerpt)
        }
    }

    /// The outcome of a request that got no answer: libcurl's result `code`.
    static func outcome(curlCode code: Int32, timeout: Double) -> DeliveryOutcome {
        let reason: String
        switch code {
        case PW_HTTP_NO_LIBCURL: reason = "libcurl (libcurl.so.4) could not be loaded: install it to deliver webhooks"
        case 42: return .cancelled  // CURLE_ABORTED_BY_CALLBACK
        case 28: reason = "no answer within \(timeout)s"  // CURLE_OPERATION_TIMEDOUT
        case 7: reason = "connection refused"  // CURLE_COULDNT_CONNECT
        case 5: reason = "proxy not found"  // CURLE_COULDNT_RESOLVE_PROXY
        case 6: reason = "host not found"  // CURLE_COULDNT_RESOLVE_HOST
        case 52, 55, 56: reason = "connection lost"  // CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR
        case 35: reason = "TLS handshake failed"  // CURLE_SSL_CONNECT_ERROR
        case 58, 60, 77, 83, 90, 91: reason = "server certificate not trusted"  // certificate and pinning errors
        case 8: reason = "bad HTTP response"  // CURLE_WEIRD_SERVER_REPLY
        case 1, 3: return .rejected(reason: "the URL cannot be requested", response: nil)  // unsupported protocol, malformed URL
        default: reason = "network error \(code)"
        }
        return .retry(reason: reason, response: nil, retryAfter: nil)
    }

    /// At most `responseExcerptLimit` bytes of `body` as text, control characters as spaces.
    static func excerpt(_ body: [UInt8]) -> String? {
        guard !body.isEmpty else { return nil }
        var bytes = Array(body.prefix(responseExcerptLimit))
        // Do not end inside a UTF-8 sequence: drop a last sequence that was cut short.
        if body.count > responseExcerptLimit, let start = bytes.lastIndex(where: { $0 & 0xC0 != 0x80 }) {
            let lead = bytes[start]
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            if bytes.count - start < length { bytes.removeSubrange(start...) }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let cleaned = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        let trimmed = cleaned.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// One request's state, shared between the thread that runs it and a cancelling task.
private final class Exchange: @unchecked Sendable {
    private let state: UnsafeMutablePointer<pw_http_exchange>

    init() {
        state = .allocate(capacity: 1)
        state.initialize(to: pw_http_exchange())
    }

    deinit {
        state.deallocate()
    }

    /// Runs the request (blocking); libcurl's result code.
    func post(_ url: String, headers: [String], body: [UInt8], timeoutMilliseconds: Int) -> Int32 {
        var cStrings = headers.map { strdup($0) }
        defer { for p in cStrings { free(p) } }
        return cStrings.withUnsafeMutableBufferPointer { lines in
            lines.withMemoryRebound(to: UnsafePointer<CChar>?.self) { lines in
                body.withUnsafeBytes { bytes in
                    pw_http_post(url, lines.baseAddress, Int32(lines.count), bytes.baseAddress, bytes.count, timeoutMilliseconds, state)
                }
            }
        }
    }

    /// Asks the running request to stop.
    func cancel() {
        pw_http_cancel(state)
    }

    var status: Int { Int(state.pointee.status) }

    var body: [UInt8] {
        let kept = state.pointee.bodyKept
        return withUnsafeBytes(of: &state.pointee.body) { Array($0.prefix(kept)) }
    }

    var retryAfter: String? {
        let text = withUnsafeBytes(of: &state.pointee.retryAfter) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        return text.isEmpty ? nil : text
    }
}
