import Crypto

/// Signs webhook bodies so that a receiver can tell they came from pumpwatch and were not
/// replayed: `Pumpwatch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
///
/// A receiver recomputes the HMAC over the timestamp, a `.` and the raw body bytes as received,
/// compares it in constant time with each `v1` value, and rejects timestamps too far from its clock.
/// `docs/webhooks.md` shows how in Python and with `openssl`.
public struct WebhookSigner: Sendable {
    /// The header carrying the signature.
    public static let signatureHeader = "Pumpwatch-Signature"
    /// The header carrying the outbox id of the delivery: the same on every retry, for deduplication.
    public static let deliveryHeader = "Pumpwatch-Delivery"

    private let secret: [UInt8]

    /// A signer with the shared `secret` (the bytes of the configured secret text).
    public init(secret: [UInt8]) {
        self.secret = secret
    }

    private var key: SymmetricKey { SymmetricKey(data: secret) }

    /// The signature header value of `body` sent at `timestamp` (unix seconds).
    public func signature(of body: [UInt8], at timestamp: Int64) -> String {
        "t=\(timestamp),v1=\(WebhookSigner.hex(mac(body, timestamp: timestamp)))"
    }

    /// Whether `header` (a `Pumpwatch-Signature` value) signs `body` with this secret, with a
    /// timestamp at most `tolerance` seconds from `now` (unix seconds).
    public func verify(_ header: String, body: [UInt8], now: Int64, tolerance: Int64 = 300) -> Bool {
        var timestamp: Int64?
        var candidates: [[UInt8]] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
            guard pair.count == 2 else { continue }
            if pair[0] == "t" {
                timestamp = Int64(pair[1])
            } else if pair[0] == "v1", let bytes = WebhookSigner.bytes(hex: pair[1]) {
                candidates.append(bytes)
            }
        }
        guard let timestamp, abs(now - timestamp) <= tolerance else { return false }
        var message = Array("\(timestamp).".utf8)
        message.append(contentsOf: body)
        let key = self.key
        return candidates.contains { HMAC<SHA256>.isValidAuthenticationCode($0, authenticating: message, using: key) }
    }

    private func mac(_ body: [UInt8], timestamp: Int64) -> [UInt8] {
        var hmac = HMAC<SHA256>(key: key)
        hmac.update(data: Array("\(timestamp).".utf8))
        hmac.update(data: body)
        return Array(hmac.finalize())
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func bytes(hex: Substring) -> [UInt8]? {
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var i = 0
        while i < utf8.count {
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
