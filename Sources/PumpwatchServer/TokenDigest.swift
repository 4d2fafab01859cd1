import Crypto

/// A bearer token as the configuration keeps it: a name for the logs and the SHA-256 of the
/// token, never the token itself.
public struct TokenDigest: Sendable, Equatable {
    /// Who holds the token (`signup-service`); logged with each request it authorises.
    public var name: String
    /// The token's SHA-256, 32 bytes.
    public var sha256: [UInt8]

    /// A digest from its 64 hexadecimal digits; `nil` when `hex` is not that.
    public init?(name: String, hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var i = 0
        while i < 64 {
            guard let hi = TokenDigest.nibble(utf8[i]), let lo = TokenDigest.nibble(utf8[i + 1]) else { return nil }
            bytes.append(hi << 4 | lo)
            i += 2
        }
        self.name = name
        self.sha256 = bytes
    }

    /// The digest of `token`, for tests and tools that make a configuration.
    public init(name: String, token: String) {
        self.name = name
        self.sha256 = Array(SHA256.hash(data: Array(token.utf8)))
    }

    /// The digest as 64 lowercase hexadecimal digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in sha256 {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
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
