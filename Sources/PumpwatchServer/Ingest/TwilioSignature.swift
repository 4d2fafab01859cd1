import Crypto
import PumpwatchCore

/// Computes and checks `X-Twilio-Signature`, as Twilio documents its webhook security.
///
/// Form posts (status callbacks): the full URL Twilio called, followed by each POST parameter's
/// name and value with no separators, parameters sorted by name (and values of a repeated name
/// sorted), signed with HMAC-SHA1 keyed by the account's auth token, base64-encoded.
///
/// JSON bodies (Event Streams webhook sinks): Twilio adds `bodySHA256` (the lowercase hex SHA-256
/// of the raw body) to the URL's query and signs the URL alone. Both the signature over the URL
/// and the body's digest must match.
///
/// Twilio is not consistent about the port in the URL it signs, so a URL with the default port
/// and one without are both tried, as Twilio's own validators do. Signatures are compared in
/// constant time. The auth token is never printed.
public struct TwilioSignature: Sendable {
    private let token: [UInt8]

    /// A signer keyed by the account's auth token.
    public init(authToken: String) {
        token = Array(authToken.utf8)
    }

    /// The signature Twilio sends for a form post of `parameters` to `url`.
    public func signature(url: String, parameters: [(String, String)]) -> String {
        var text = Array(url.utf8)
        for (name, value) in TwilioSignature.sorted(parameters) {
            text.append(contentsOf: name.utf8)
            text.append(contentsOf: value.utf8)
        }
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: text, using: SymmetricKey(data: token))
        return Base64.encode(Array(mac))
    }

    /// The lowercase hex SHA-256 of `body`, as Twilio writes it in `bodySHA256`.
    public static func bodySHA256(_ body: [UInt8]) -> String {
        HexDigest.sha256(body)
    }

    /// True when `signature` signs a form post of `parameters` to `url` (with or without the default port).
    public func isValid(_ signature: String, url: String, parameters: [(String, String)]) -> Bool {
        let presented = Array(signature.trimmingSpaces().utf8)
        var valid = false
        for candidate in TwilioSignature.portVariants(url) {
            // Every variant is computed and compared, matched or not.
            let matches = ConstantTime.equal(Array(self.signature(url: candidate, parameters: parameters).utf8), presented)
            valid = valid || matches
        }
        return valid
    }

    /// True when `signature` signs `url` and the URL's `bodySHA256` is the digest of `body`.
    /// A URL without `bodySHA256` is never valid, so a signature cannot be replayed with another body.
    public func isValid(_ signature: String, url: String, body: [UInt8]) -> Bool {
        guard let claimed = TwilioSignature.queryValue("bodySHA256", in: url) else { return false }
        let bodyMatches = ConstantTime.equal(Array(claimed.lowercased().utf8), Array(TwilioSignature.bodySHA256(body).utf8))
        let urlMatches = isValid(signature, url: url, parameters: [])
        return bodyMatches && urlMatches
    }

    /// `parameters` in the order Twilio signs them: by name, then by value, comparing UTF-8 bytes.
    static func sorted(_ parameters: [(String, String)]) -> [(String, String)] {
        parameters.sorted { a, b in
            if a.0 != b.0 { return a.0.utf8.lexicographicallyPrecedes(b.0.utf8) }
            return a.1.utf8.lexicographicallyPrecedes(b.1.utf8)
        }
    }

    /// `url` without its port and with its port (the scheme's default when it has none); just
    /// `url` when it has no recognisable authority.
    static func portVariants(_ url: String) -> [String] {
        guard let schemeEnd = url.range(of: "://") else { return [url] }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let afterScheme = url[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        let rest = afterScheme[authorityEnd...]
        let hostStart = authority.lastIndex(of: "@").map { authority.index(after: $0) } ?? authority.startIndex
        let hostAndPort = authority[hostStart...]
        let prefix = url[..<schemeEnd.upperBound] + authority[..<hostStart]
        var host = hostAndPort
        var port: Substring?
        if let colon = hostAndPort.lastIndex(of: ":"), !hostAndPort[colon...].contains("]"),
            hostAndPort[hostAndPort.index(after: colon)...].allSatisfy({ $0.isASCII && $0.isNumber })
        {
            host = hostAndPort[..<colon]
            port = hostAndPort[hostAndPort.index(after: colon)...]
        }
        let defaultPort = scheme == "https" ? "443" : "80"
        let without = prefix + host + rest
        let with = prefix + host + ":" + (port.map(String.init) ?? defaultPort) + rest
        return [String(without), String(with)]
    }

    /// The decoded value of the first query parameter named `name` in `url`.
    static func queryValue(_ name: String, in url: String) -> String? {
        guard let q = url.firstIndex(of: "?") else { return nil }
        var query = url[url.index(after: q)...]
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        guard let pairs = try? FormBody.parameters(Array(query.utf8)) else { return nil }
        return pairs.first { $0.0 == name }?.1
    }
}

