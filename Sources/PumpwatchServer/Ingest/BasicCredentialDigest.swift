import Crypto

/// HTTP Basic credentials as the configuration keeps them: the user name and the SHA-256 of the
/// password, never the password.
public struct BasicCredentialDigest: Sendable, Equatable {
    public var user: String
    /// The password's SHA-256, 32 bytes.
    public var passwordSHA256: [UInt8]

    public init(user: String, passwordSHA256: [UInt8]) {
        self.user = user
        self.passwordSHA256 = passwordSHA256
    }

    /// The digest of `password`, for tests and tools that make a configuration.
    public init(user: String, password: String) {
        self.user = user
        self.passwordSHA256 = Array(SHA256.hash(data: Array(password.utf8)))
    }

    /// True when `header` is `Basic base64(user:password)` for these credentials. The user name
    /// and the password's digest are both compared in constant time, and both always are.
    public func matches(authorization header: String) -> Bool {
        guard let (user, password) = BasicCredentialDigest.credentials(header) else { return false }
        let userMatches = ConstantTime.equal(Array(user.utf8), Array(self.user.utf8))
        let passwordMatches = ConstantTime.equal(Array(SHA256.hash(data: password)), passwordSHA256)
        return userMatches && passwordMatches
    }

    /// The user name and password bytes of an `Authorization: Basic ...` value.
    static func credentials(_ header: String) -> (String, [UInt8])? {
        let trimmed = header.drop(while: { $0 == " " })
        guard trimmed.count > 6, trimmed.prefix(6).lowercased() == "basic " else { return nil }
        let encoded = trimmed.dropFirst(6).trimmingCharacters(in: .whitespaces)
        guard let decoded = Base64.decode(Array(encoded.utf8)), let colon = decoded.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        return (String(decoding: decoded[..<colon], as: UTF8.self), Array(decoded[(colon + 1)...]))
    }
}
