import Foundation
import PumpwatchCore

/// The entities a user does not want findings about: known application servers, trusted
/// principals, internal networks, test number ranges, health-check paths.
///
/// Built from `suppress:` in `pumpwatch.yml` and from `--suppress FILE` (one value per line,
/// `#` comments, each value classified by its shape: an IP or CIDR, an `arn:` ARN, a `+digits`
/// phone prefix, a `/path`, or otherwise an exact entity value such as an aid or a host name).
/// A finding is suppressed when one of its entities (or, for addresses, ARNs, numbers and paths,
/// one of its fields) matches an entry.
public struct Suppression: Sendable {
    /// One suppressed value and where it was written.
    public struct Entry: Sendable, Hashable {
        public var kind: SuppressionKind
        /// The value as normalized: phone prefixes as `+digits`, the rest as written.
        public var value: String
        /// `file:line`, when it came from a file.
        public var origin: String?

        public init(kind: SuppressionKind, value: String, origin: String? = nil) {
            self.kind = kind
            self.value = value
            self.origin = origin
        }
    }

    public private(set) var entries: [Entry] = []

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }

    /// Adds `value` as `kind` after checking its shape; the reason is returned when it is invalid.
    public mutating func add(_ value: String, as kind: SuppressionKind, origin: String? = nil) -> String? {
        switch Suppression.normalize(value, as: kind) {
        case .success(let v):
            entries.append(Entry(kind: kind, value: v, origin: origin))
            return nil
        case .failure(let reason):
            return reason.text
        }
    }

    /// These entries followed by `other`'s.
    public func merging(_ other: Suppression) -> Suppression {
        var s = self
        s.entries += other.entries
        return s
    }

    // MARK: - The suppress file

    /// Reads a suppress file: one value per line, blank lines and `#` comments ignored.
    public static func load(path: String) throws(RuleError) -> Suppression {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw RuleError(file: path, key: "(file)", reason: "cannot read the suppress file")
        }
        return try parse(text, file: path)
    }

    /// Parses suppress-file text; an invalid value (a CIDR with a bad prefix length, `+` with no digits)
    /// is an error naming its line.
    public static func parse(_ text: String, file: String? = nil) throws(RuleError) -> Suppression {
        var s = Suppression()
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let value = stripComment(String(raw)).trimmingSpaces()
            if value.isEmpty { continue }
            let kind = classify(value)
            let origin = file.map { "\($0):\(i + 1)" }
            if let reason = s.add(value, as: kind, origin: origin) {
                throw RuleError(file: file, key: "'\(value)'", reason: reason, line: i + 1)
            }
        }
        return s
    }

    /// A `#` starts a comment at the start of a line or after a space.
    static func stripComment(_ line: String) -> String {
        var previous: Character = " "
        for (offset, c) in line.enumerated() {
            if c == "#" && (previous == " " || previous == "\t") { return String(line.prefix(offset)) }
            previous = c
        }
        return line
    }

    /// The kind a value's shape says it is.
    public static func classify(_ value: String) -> SuppressionKind {
        let v = value.trimmingSpaces()
        let address = v.split(separator: "/", maxSplits: 1).first.map(String.init) ?? v
        if IPAddress.parse(address) != nil { return .ip }
        if v.hasPrefix("arn:") { return .arn }
        if v.hasPrefix("+") { return .phonePrefix }
        if v.hasPrefix("/") { return .path }
        return .value
    }

    struct InvalidValue: Error {
        var text: String
    }

    /// The value in its matching form, or why it cannot be one of `kind`.
    static func normalize(_ raw: String, as kind: SuppressionKind) -> Result<String, InvalidValue> {
        let v = raw.trimmingSpaces()
        guard !v.isEmpty else { return .failure(InvalidValue(text: "empty value")) }
        switch kind {
        case .ip:
            let parts = v.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let address = IPAddress.parse(parts[0]) else {
                return .failure(InvalidValue(text: "'\(v)' is not an IP address or CIDR block"))
            }
            if parts.count == 2 {
                let maxBits = address.isV4 ? 32 : 128
                guard let bits = Int(parts[1]), bits >= 0, bits <= maxBits else {
                    return .failure(InvalidValue(text: "'\(v)' is not a valid CIDR block: the prefix length must be 0 to \(maxBits)"))
                }
            }
            return .success(v)
        case .arn:
            guard v.hasPrefix("arn:"), v.split(separator: ":", omittingEmptySubsequences: false).count >= 6 || v.hasSuffix("*") else {
                return .failure(InvalidValue(text: "'\(v)' is not an ARN (arn:partition:service:region:account:resource)"))
            }
            return .success(v)
        case .phonePrefix:
            let digits = v.filter { !" -().".contains($0) }
            let body = digits.hasPrefix("+") ? digits.dropFirst() : Substring(digits)
            guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }), body.count <= 15 else {
                return .failure(InvalidValue(text: "'\(v)' is not a phone prefix: write + and up to 15 digits (+1555)"))
            }
            return .success("+" + body)
        case .path:
            guard v.hasPrefix("/") else { return .failure(InvalidValue(text: "'\(v)' is not a URL path: it must start with /")) }
            return .success(v)
        case .aid, .computerName, .value:
            return .success(v)
        }
    }

    // MARK: - Matching

    /// True when the finding is about a suppressed entity.
    public func suppresses(_ finding: Finding) -> Bool {
        match(finding) != nil
    }

    /// The first entry that suppresses the finding, or `nil`.
    public func match(_ finding: Finding) -> Entry? {
        guard !entries.isEmpty else { return nil }
        let entities = finding.entities.flatMap { name, value in value.elements.compactMap { v in v.stringValue.map { (name, $0) } } }
        let fields = finding.fields.flatMap { name, value in value.elements.compactMap { v in v.stringValue.map { (name, $0) } } }
        let all = entities + fields
        for e in entries {
            switch e.kind {
            case .ip:
                if all.contains(where: { IPAddress.parse($0.1) != nil && IPAddress.cidrContains(e.value, $0.1) }) { return e }
            case .arn:
                if all.contains(where: { Suppression.arn($0.1, matches: e.value) }) { return e }
            case .phonePrefix:
                if all.contains(where: { Suppression.phone($0.0, $0.1, hasPrefix: e.value) }) { return e }
            case .path:
                if all.contains(where: { Suppression.path($0.0, $0.1, matches: e.value) }) { return e }
            case .aid:
                if all.contains(where: { $0.0.lowercased() == "aid" && $0.1.caseInsensitiveCompare(e.value) == .orderedSame }) { return e }
            case .computerName:
                if all.contains(where: { Suppression.hostNames.contains($0.0.lowercased()) && $0.1.caseInsensitiveCompare(e.value) == .orderedSame }) {
                    return e
                }
            case .value:
                let hostFields = fields.filter { Suppression.hostNames.contains($0.0.lowercased()) || $0.0.lowercased() == "aid" }
                if (entities + hostFields).contains(where: { $0.1.caseInsensitiveCompare(e.value) == .orderedSame }) { return e }
            }
        }
        return nil
    }

    /// The findings that are not suppressed, and how many were suppressed per kind.
    public func filter(_ findings: [Finding]) -> (kept: [Finding], suppressed: [SuppressionKind: Int]) {
        var kept: [Finding] = []
        var counts: [SuppressionKind: Int] = [:]
        for f in findings {
            if let e = match(f) {
                counts[e.kind, default: 0] += 1
            } else {
                kept.append(f)
            }
        }
        return (kept, counts)
    }

    static let hostNames: Set<String> = ["computername", "host.name", "host.hostname", "hostname"]
    static let phoneNames = ["phone", "number", "block", "prefix", "destination", "to"]

    static func arn(_ value: String, matches pattern: String) -> Bool {
        guard value.hasPrefix("arn:") else { return false }
        if pattern.hasSuffix("*") { return value.hasPrefix(pattern.dropLast()) }
        if value == pattern { return true }
        // arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION is a session of arn:aws:iam::ACCOUNT:role/ROLE.
        let p = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard p.count == 6, p[2] == "sts", p[5].hasPrefix("assumed-role/") else { return false }
        let role = p[5].dropFirst("assumed-role/".count).split(separator: "/").first ?? ""
        let rolePattern = pattern.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard rolePattern.count == 6, rolePattern[2] == "iam", rolePattern[4] == p[4], rolePattern[1] == p[1] else { return false }
        return rolePattern[5] == "role/\(role)" || rolePattern[5].hasSuffix("/\(role)") && rolePattern[5].hasPrefix("role/")
    }

    static func phone(_ name: String, _ value: String, hasPrefix prefix: String) -> Bool {
        var v = value.filter { !" -().".contains($0) }
        if !v.hasPrefix("+") {
            let lower = name.lowercased()
            guard let first = v.first, first.isNumber, phoneNames.contains(where: { lower.contains($0) }) else { return false }
            v = "+" + v
        }
        return v.hasPrefix(prefix)
    }

    static func path(_ name: String, _ value: String, matches pattern: String) -> Bool {
        let lower = name.lowercased()
        guard value.hasPrefix("/"), lower == "url.path" || lower.hasSuffix("path") || lower == "url" || lower == "uri" || lower.hasSuffix(".original") else {
            return false
        }
        let path = value.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? value
        if pattern.hasSuffix("*") { return path.hasPrefix(pattern.dropLast()) }
        return path == pattern
    }
}
