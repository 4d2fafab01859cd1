import Crypto
import Hummingbird
import PumpwatchGuard

/// Signs and checks the web console's session cookie, `pumpwatch_session`.
///
/// A browser cannot send a bearer header, so `POST /console/login` checks a token once and sets
/// this cookie instead. Its value names the token (never the token itself), when it expires, and
/// a random nonce, signed with HMAC-SHA256 under a key made at random when the process starts: a
/// restart ends every session. The cookie is `HttpOnly`, `SameSite=Strict`, `Path=/` and lasts
/// 12 hours. `AuthMiddleware` accepts it on the console's pages only (`/` and `/console/...`),
/// never on the API.
public struct ConsoleSessions: Sendable {
    /// The cookie's name.
    public static let cookieName = "pumpwatch_session"
    /// How long a session lasts, in seconds.
    public static let lifetime: Int64 = 12 * 3600
    /// The login page, answered without a session.
    public static let loginPath = "/console/login"
    /// The sessions of this process: one random key, shared by the middleware and the console routes.
    public static let processWide = ConsoleSessions()

    /// The signing key's bytes.
    private let secret: [UInt8]

    /// Sessions signed with a new random 256-bit key.
    public init() {
        secret = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    private var key: SymmetricKey { SymmetricKey(data: secret) }

    /// Whether `path` is a console page, where the session cookie stands in for a bearer token.
    public static func acceptsCookie(path: String) -> Bool {
        path == "/" || path.hasPrefix("/console/")
    }

    /// Whether `path` is answered without any credentials (the login page).
    public static func isOpen(path: String) -> Bool {
        path == loginPath
    }

    /// A session value for the token named `name`, valid for `lifetime` seconds after `now`
    /// (unix seconds): `v1.<hex name>.<expiry>.<hex nonce>.<hex HMAC>`.
    public func value(for name: String, now: Int64) -> String {
        let nonce = SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }
        let payload = "v1.\(ConsoleSessions.hex(Array(name.utf8))).\(now + ConsoleSessions.lifetime).\(ConsoleSessions.hex(nonce))"
        return payload + "." + ConsoleSessions.hex(mac(payload))
    }

    /// The token name of `value` when its signature holds and it has not expired at `now` (unix seconds).
    public func name(in value: String, now: Int64) -> String? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "v1", let expiry = Int64(parts[2]), let signature = ConsoleSessions.bytes(hex: parts[4]),
            let nameBytes = ConsoleSessions.bytes(hex: parts[1])
        else { return nil }
        let payload = parts[0..<4].joined(separator: ".")
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Array(payload.utf8), using: key) else { return nil }
        guard now < expiry else { return nil }
        return String(decoding: nameBytes, as: UTF8.self)
    }

    /// The name of the configured token a request's session cookie stands for; `nil` without a
    /// valid, unexpired cookie (at `now`, unix seconds) or when that token is no longer configured.
    public func client(of request: Request, tokens: [TokenDigest], now: Int64 = Guard.nowMillis() / 1000) -> String? {
        guard let cookie = request.cookies[ConsoleSessions.cookieName], let name = name(in: cookie.value, now: now) else { return nil }
        return tokens.contains { $0.name == name } ? name : nil
    }

    /// The cookie that starts a session for the token named `name` at `now` (unix seconds);
    /// `secure` marks it for HTTPS only (when the console is reached over TLS).
    public func cookie(for name: String, now: Int64, secure: Bool = false) -> Cookie {
        Cookie(
            name: ConsoleSessions.cookieName, value: value(for: name, now: now), maxAge: Int(ConsoleSessions.lifetime), path: "/",
            secure: secure, httpOnly: true, sameSite: .strict)
    }

    /// The cookie that ends a session.
    public static var endingCookie: Cookie {
        Cookie(name: cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict)
    }

    private func mac(_ payload: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(payload.utf8), using: key))
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
        default: return nil
        }
    }
}
