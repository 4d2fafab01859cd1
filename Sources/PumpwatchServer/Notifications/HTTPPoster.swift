import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// POSTs notification bodies with `URLSession` and sorts the result into a `DeliveryOutcome`:
/// 2xx delivered; 408, 429, 5xx, timeouts and connection errors retried; any other status
/// (including redirects, which are never followed) rejected.
///
/// Nothing it reports contains the URL, the request headers or the body it sent.
public struct HTTPPoster: Sendable {
    /// The most bytes of a receiver's answer kept in an outcome.
    public static let responseExcerptLimit = 200

    private let session: URLSession

    /// A poster with its own ephemeral session: no cookies, no cache, no redirects.
    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration, delegate: RedirectRefusal(), delegateQueue: nil)
    }

    /// POSTs `body` to `url` with `headers`, giving up after `timeout` seconds.
    public func post(_ body: [UInt8], to url: URL, headers: [(String, String)], timeout: Double) async -> DeliveryOutcome {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let session = self.session
        let prepared = request
        let result: Result<(Data, URLResponse), any Error> = await withTaskGroup(of: Result<(Data, URLResponse), any Error>?.self) { group in
            group.addTask {
                do {
                    return .success(try await session.data(for: prepared))
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                // The session's timeout restarts with every byte; this bounds the whole exchange.
                try? await Task.sleep(for: .milliseconds(Int64(timeout * 1000)))
                return Task.isCancelled ? nil : .failure(URLError(.timedOut))
            }
            var first: Result<(Data, URLResponse), any Error>?
            while first == nil, let next = await group.next() { first = next }
            group.cancelAll()
            return first ?? .failure(CancellationError())
        }
        // An answer that arrived counts even when the caller was cancelled meanwhile.
        switch result {
        case .success(let (data, response)):
            guard let http = response as? HTTPURLResponse else { return .retry(reason: "no HTTP response", response: nil, retryAfter: nil) }
            return HTTPPoster.outcome(status: http.statusCode, body: Array(data), retryAfter: http.value(forHTTPHeaderField: "Retry-After"))
        case .failure(let error):
            return Task.isCancelled ? .cancelled : HTTPPoster.outcome(error, timeout: timeout)
        }
    }

    /// Ends the session once requests in flight are done.
    public func finish() {
        session.finishTasksAndInvalidate()
    }

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

    /// The outcome of a request that got no answer.
    static func outcome(_ error: any Error, timeout: Double) -> DeliveryOutcome {
        if error is CancellationError { return .cancelled }
        guard let urlError = error as? URLError else { return .retry(reason: "request failed", response: nil, retryAfter: nil) }
        let reason: String
        switch urlError.code {
        case .cancelled: return .cancelled
        case .timedOut: reason = "no answer within \(timeout)s"
        case .cannotConnectToHost: reason = "connection refused"
        case .cannotFindHost, .dnsLookupFailed: reason = "host not found"
        case .networkConnectionLost: reason = "connection lost"
        case .notConnectedToInternet: reason = "no network"
        case .secureConnectionFailed: reason = "TLS handshake failed"
        case .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            reason = "server certificate not trusted"
        case .badServerResponse: reason = "bad HTTP response"
        case .unsupportedURL, .badURL: return .rejected(reason: "the URL cannot be requested", response: nil)
        default: reason = "network error \(urlError.code.rawValue)"
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

/// Refuses every redirect, so that a body and its signature go only to the configured URL.
private final class RedirectRefusal: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}
