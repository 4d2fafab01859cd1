import PumpwatchDetect
import Yams

/// A node of a policy YAML file with the key path that reached it, read with checked types.
///
/// Every failed read is a `PolicyError` naming the file, the key path and the node's line.
/// Scalars are typed by their text, not by YAML 1.1 rules: only plain `true`/`false`, decimal
/// integers and decimal fractions are booleans and numbers, so `no` and `010` stay text.
struct PolicyNode {
    let node: Node
    let path: String
    let file: String?
    /// The last line of the text, where a node libyaml places past it (at the end of a text
    /// without a final line break) is reported.
    var lastLine = Int.max

    var line: Int? { node.mark.map { min($0.line, lastLine) } }

    /// The root of `text`; an empty document is an empty mapping.
    static func parse(_ text: String, file: String?) throws(PolicyError) -> PolicyNode {
        PolicyNode(node: try YAMLDocument.root(text, file: file), path: "", file: file, lastLine: YAMLDocument.lineCount(text))
    }

    func error(_ reason: String) -> PolicyError {
        PolicyError(file: file, key: path.isEmpty ? "(document)" : path, reason: reason, line: line)
    }

    var kindName: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let s):
            if isNull { return "nothing" }
            if s.style == .plain || s.style == .any {
                if PolicyNode.isInteger(s.string) || PolicyNode.isFraction(s.string) { return "the number \(s.string)" }
                if s.string == "true" || s.string == "false" { return s.string }
            }
            return "the text '\(s.string.count > 40 ? String(s.string.prefix(40)) + "…" : s.string)'"
        }
    }

    var isNull: Bool {
        guard case .scalar(let s) = node, s.style == .plain || s.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    // MARK: - Containers

    /// The members of a mapping in file order; with `allowed`, any other key is an error.
    func mapping(allowed: [String]? = nil) throws(PolicyError) -> PolicyMapping {
        guard case .mapping(let m) = node else { throw error("expected a mapping of keys to values, found \(kindName)") }
        var entries: [(String, PolicyNode)] = []
        for (k, v) in m {
            guard case .scalar(let ks) = k else { throw PolicyNode(node: k, path: path, file: file, lastLine: lastLine).error("keys must be text") }
            let member = PolicyNode(node: v, path: path.isEmpty ? ks.string : "\(path).\(ks.string)", file: file, lastLine: lastLine)
            if let allowed, !allowed.contains(ks.string) {
                throw PolicyError(file: file, key: member.path, reason: "unknown key; expected one of \(allowed.joined(separator: ", "))", line: k.mark.map { min($0.line, lastLine) })
            }
            entries.append((ks.string, member))
        }
        return PolicyMapping(owner: self, entries: entries)
    }

    func list() throws(PolicyError) -> [PolicyNode] {
        if isNull { return [] }
        guard case .sequence(let s) = node else { throw error("expected a list, found \(kindName)") }
        return s.enumerated().map { PolicyNode(node: $0.element, path: "\(path)[\($0.offset)]", file: file, lastLine: lastLine) }
    }

    /// A list of text values; one text value counts as a one-element list.
    func stringList() throws(PolicyError) -> [String] {
        if case .scalar = node, !isNull { return [try string()] }
        var out: [String] = []
        for item in try list() { out.append(try item.string()) }
        return out
    }

    // MARK: - Scalars

    func string() throws(PolicyError) -> String {
        guard case .scalar(let s) = node, !isNull else { throw error("expected text, found \(kindName)") }
        return s.string
    }

    func int(in range: ClosedRange<Int>? = nil) throws(PolicyError) -> Int {
        guard case .scalar(let s) = node, PolicyNode.isInteger(s.string), let i = Int(s.string.replacingOccurrences(of: "+", with: "")) else {
            throw error("expected a whole number, found \(kindName)")
        }
        if let range, !range.contains(i) { throw error("expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(i)") }
        return i
    }

    func double(in range: ClosedRange<Double>? = nil) throws(PolicyError) -> Double {
        guard case .scalar(let s) = node, PolicyNode.isInteger(s.string) || PolicyNode.isFraction(s.string), let d = Double(s.string) else {
            throw error("expected a number, found \(kindName)")
        }
        if let range, !range.contains(d) { throw error("expected a number from \(range.lowerBound) to \(range.upperBound), found \(s.string)") }
        return d
    }

    func bool() throws(PolicyError) -> Bool {
        guard case .scalar(let s) = node, s.string == "true" || s.string == "false" else { throw error("expected true or false, found \(kindName)") }
        return s.string == "true"
    }

    /// A duration (`30s`, `10m`, `1h`, `7d`) in seconds; a bare number is seconds.
    func seconds() throws(PolicyError) -> UInt32 {
        guard case .scalar(let s) = node, !isNull, let ms = RuleParameters.parseDuration(s.string), ms >= 1000, ms <= 400 * 86_400_000 else {
            throw error("expected a duration from 1s to 400d such as 30s, 10m, 1h or 7d, found \(kindName)")
        }
        return UInt32(ms / 1000)
    }

    /// A count threshold and its score: `20`, or `{limit: 20, score: 30}` (the score defaults to `score`).
    func limit(defaultScore: Int) throws(PolicyError) -> Limit {
        if case .mapping = node {
            let m = try mapping(allowed: ["limit", "score"])
            let limit = try m.required("limit").double(in: 0...1e12)
            let score = try m.optional("score")?.int(in: -100...100) ?? defaultScore
            return Limit(limit, score: score)
        }
        return Limit(try double(in: 0...1e12), score: defaultScore)
    }

    static func isInteger(_ s: String) -> Bool {
        var u = Substring(s)
        if u.first == "-" || u.first == "+" { u = u.dropFirst() }
        guard !u.isEmpty, u.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        return u == "0" || u.first != "0"
    }

    static func isFraction(_ s: String) -> Bool {
        var u = Substring(s)
        if u.first == "-" || u.first == "+" { u = u.dropFirst() }
        let parts = u.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !(parts[0].isEmpty && parts[1].isEmpty) else { return false }
        return parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}

/// The members of a policy mapping, in file order.
struct PolicyMapping {
    let owner: PolicyNode
    let entries: [(String, PolicyNode)]

    func optional(_ key: String) -> PolicyNode? {
        guard let v = entries.first(where: { $0.0 == key })?.1, !v.isNull else { return nil }
        return v
    }

    func required(_ key: String) throws(PolicyError) -> PolicyNode {
        guard let v = optional(key) else {
            let path = owner.path.isEmpty ? key : "\(owner.path).\(key)"
            throw PolicyError(file: owner.file, key: path, reason: "required key is missing", line: owner.line)
        }
        return v
    }
}
