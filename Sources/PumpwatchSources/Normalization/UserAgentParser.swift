/// Names the client in a user-agent string: AWS SDKs and CLI, common HTTP tools and browsers.
///
/// It follows the families of the ua-parser rules that Elasticsearch's `user_agent` processor uses,
/// so `aws-cli/2.18.17 md/...` gives `aws-cli` `2.18.17`, a Chrome browser string gives `Chrome`,
/// and anything unrecognised (service names such as `signin.amazonaws.com`) gives `Other` and no version.
public enum UserAgentParser {
    /// The family and version found in a user-agent string.
    public struct Client: Sendable, Hashable {
        /// The client family (`aws-cli`, `Boto3`, `Chrome`), or `Other`.
        public var name: String
        /// Up to four dot-separated version parts, when the family has a version.
        public var version: String?

        public init(name: String, version: String?) {
            self.name = name
            self.version = version
        }
    }

    /// The name used when no rule matches.
    public static let otherName = "Other"

    /// Tools whose token is `Name/1.2.3`, found at a word boundary anywhere in the string.
    /// AWS SDK names follow ua-parser's list; `aws-sdk-go-v2` is deliberately absent (Elastic reports it as `Other`).
    private static let toolTokens: [(token: String, name: String)] = [
        ("Boto3", "Boto3"), ("Boto", "Boto"), ("JetS3t", "JetS3t"), ("s3fs", "s3fs"),
        ("aws-cli", "aws-cli"), ("aws-sdk-cpp", "aws-sdk-cpp"), ("aws-sdk-go", "aws-sdk-go"),
        ("aws-sdk-java", "aws-sdk-java"), ("aws-sdk-nodejs", "aws-sdk-nodejs"),
        ("aws-sdk-ruby2", "aws-sdk-ruby2"), ("aws-sdk-ruby", "aws-sdk-ruby"),
        ("aws-sdk-dotnet-core", "aws-sdk-dotnet-core"),
    ]

    /// Tools whose token starts the string (`curl/8.5.0`).
    private static let leadingTokens: [(token: String, name: String)] = [
        ("Go-http-client", "Go-http-client"), ("curl", "curl"), ("Wget", "Wget"),
        ("python-requests", "Python Requests"), ("okhttp", "okhttp"), ("PostmanRuntime", "PostmanRuntime"),
        ("axios", "axios"), ("node-fetch", "node-fetch"), ("Apache-HttpClient", "Apache-HttpClient"),
    ]

    /// Parses `text`; an empty string gives `Other`.
    public static func parse(_ text: String) -> Client {
        let bytes = Array(text.utf8)
        for (token, name) in toolTokens {
            if let version = versionAfter(token: token, in: bytes, atStartOnly: false, minimumParts: 2, maximumParts: 3) {
                return Client(name: name, version: version)
            }
        }
        for (token, name) in leadingTokens {
            if let version = versionAfter(token: token, in: bytes, atStartOnly: true, minimumParts: 1, maximumParts: 3) {
                return Client(name: name, version: version)
            }
        }
        if let browser = browser(bytes) { return browser }
        return Client(name: otherName, version: nil)
    }

    private static func browser(_ b: [UInt8]) -> Client? {
        if let v = versionAfter(token: "Edg", in: b, atStartOnly: false, minimumParts: 1, maximumParts: 4)
            ?? versionAfter(token: "Edge", in: b, atStartOnly: false, minimumParts: 1, maximumParts: 4) {
            return Client(name: "Edge", version: v)
        }
        if let v = versionAfter(token: "OPR", in: b, atStartOnly: false, minimumParts: 1, maximumParts: 3) {
            return Client(name: "Opera", version: v)
        }
        if let v = versionAfter(token: "Firefox", in: b, atStartOnly: false, minimumParts: 1, maximumParts: 3) {
            return Client(name: contains(b, "Mobile") ? "Firefox Mobile" : "Firefox", version: v)
        }
        if let v = versionAfter(token: "CriOS", in: b, atStartOnly: false, minimumParts: 1, maximumParts: 4) {
            return Client(name: "Chrome Mobile iOS", version: v)
        }
        if let v = versionAfter(token: "Chrome", in: b, atStartOnly: false, minimumParts: 1, maximumParts: 4) {
            let mobile = contains(b, "Mobile") && contains(b, "Android")
            return Client(name: mobile ? "Chrome Mobile" : "Chrome", version: v)
        }
        if contains(b, "Safari/"), let v = versionAfter(token: "Version", in: b, atStartOnly: false, minimumParts: 1, maximumParts: 3) {
            return Client(name: contains(b, "Mobile/") ? "Mobile Safari" : "Safari", version: v)
        }
        if let v = versionAfter(token: "MSIE", in: b, atStartOnly: false, minimumParts: 1, maximumParts: 2, separator: UInt8(ascii: " ")) {
            return Client(name: "IE", version: v)
        }
        if contains(b, "Trident/7.0") { return Client(name: "IE", version: "11.0") }
        return nil
    }

    private static func contains(_ b: [UInt8], _ s: String) -> Bool {
        indices(of: Array(s.utf8), in: b).first != nil
    }

    private static func indices(of needle: [UInt8], in b: [UInt8]) -> [Int] {
        guard !needle.isEmpty, b.count >= needle.count else { return [] }
        var out: [Int] = []
        var i = 0
        while i + needle.count <= b.count {
            if b[i] == needle[0] {
                var k = 1
                while k < needle.count && b[i + k] == needle[k] { k += 1 }
                if k == needle.count { out.append(i) }
            }
            i += 1
        }
        return out
    }

    private static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == UInt8(ascii: "_")
    }

    /// The version that follows `token` and `separator` (`aws-cli/2.18.17`), with at least
    /// `minimumParts` and at most `maximumParts` numeric parts.
    private static func versionAfter(
        token: String, in b: [UInt8], atStartOnly: Bool, minimumParts: Int, maximumParts: Int,
        separator: UInt8 = UInt8(ascii: "/")
    ) -> String? {
        let needle = Array(token.utf8)
        for start in indices(of: needle, in: b) {
            if atStartOnly && start != 0 { break }
            if start > 0 && isWordByte(b[start - 1]) { continue }
            var i = start + needle.count
            guard i < b.count, b[i] == separator else { continue }
            i += 1
            var parts: [String] = []
            while parts.count < maximumParts {
                var j = i
                while j < b.count, b[j] >= 48, b[j] <= 57 { j += 1 }
                guard j > i else { break }
                parts.append(String(decoding: b[i..<j], as: UTF8.self))
                i = j
                guard i + 1 < b.count, b[i] == UInt8(ascii: "."), b[i + 1] >= 48, b[i + 1] <= 57 else { break }
                i += 1
            }
            if parts.count >= minimumParts { return parts.joined(separator: ".") }
        }
        return nil
    }
}
