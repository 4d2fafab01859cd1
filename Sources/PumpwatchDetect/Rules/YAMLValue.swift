import Foundation
import PumpwatchCore
import Yams

/// A YAML node with the key path that reached it, read with checked types.
///
/// Every failed read is a `RuleError` naming the file, the key path (`tests[0].expect.findings`)
/// and the node's line. Scalars are typed by their text, not by YAML 1.1 rules: only plain
/// `true`/`false`, decimal integers and decimal fractions are booleans and numbers, so `no`,
/// `010`, `10:00:00` and ISO dates stay text.
struct YAMLValue {
    let node: Node
    let path: String
    let file: String?
    /// The last line of the text, where a node libyaml places past it (at the end of a text
    /// without a final line break) is reported.
    var lastLine = Int.max

    /// The 1-based line of the node in its file.
    var line: Int? { node.mark.map { min($0.line, lastLine) } }

    /// Parses `text` into its root node; an empty document is an empty mapping.
    static func parse(_ text: String, file: String?) throws(RuleError) -> YAMLValue {
        YAMLValue(node: try YAMLDocument.root(text, file: file), path: "", file: file, lastLine: YAMLDocument.lineCount(text))
    }

    func error(_ reason: String) -> RuleError {
        RuleError(file: file, key: path.isEmpty ? "(document)" : path, reason: reason, line: line)
    }

    /// The node at `key` below this one.
    func child(_ key: String, node: Node) -> YAMLValue {
        YAMLValue(node: node, path: path.isEmpty ? key : "\(path).\(key)", file: file, lastLine: lastLine)
    }

    /// A short description of the node's kind, for error messages.
    var kindName: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let s):
            if isNull { return "nothing" }
            if s.style == .plain || s.style == .any {
                if YAMLValue.isInteger(s.string) { return "the number \(s.string)" }
                if YAMLValue.isFraction(s.string) { return "the number \(s.string)" }
                if s.string == "true" || s.string == "false" { return s.string }
            }
            return "the text '\(s.string.count > 40 ? String(s.string.prefix(40)) + "…" : s.string)'"
        }
    }

    /// True for an empty plain scalar, `~` and `null`.
    var isNull: Bool {
        guard case .scalar(let s) = node, s.style == .plain || s.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    // MARK: - Containers

    /// The members of a mapping, in file order; with `allowed`, any other key is an error.
    func mapping(allowed: [String]? = nil) throws(RuleError) -> YAMLMapping {
        guard case .mapping(let m) = node else { throw error("expected a mapping of keys to values, found \(kindName)") }
        var entries: [(String, YAMLValue, Int?)] = []
        for (k, v) in m {
            guard case .scalar(let ks) = k else {
                throw YAMLValue(node: k, path: path, file: file, lastLine: lastLine).error("keys must be text")
            }
            let member = child(ks.string, node: v)
            if let allowed, !allowed.contains(ks.string) {
                throw RuleError(
                    file: file, key: member.path,
                    reason: "unknown key; expected one of \(allowed.joined(separator: ", "))", line: k.mark.map { min($0.line, lastLine) })
            }
            entries.append((ks.string, member, k.mark.map { min($0.line, lastLine) }))
        }
        return YAMLMapping(owner: self, entries: entries)
    }

    /// The elements of a list; `nothing` reads as an empty list.
    func list() throws(RuleError) -> [YAMLValue] {
        if isNull { return [] }
        guard case .sequence(let s) = node else { throw error("expected a list, found \(kindName)") }
        return s.enumerated().map { YAMLValue(node: $0.element, path: "\(path)[\($0.offset)]", file: file, lastLine: lastLine) }
    }

    // MARK: - Scalars

    /// A scalar's text; numbers and booleans read as their text.
    func string() throws(RuleError) -> String {
        guard case .scalar(let s) = node, !isNull else { throw error("expected text, found \(kindName)") }
        return s.string
    }

    /// A scalar's text that is not empty after trimming.
    func nonEmptyString() throws(RuleError) -> String {
        let s = try string().trimmingSpaces()
        guard !s.isEmpty else { throw error("must not be empty") }
        return s
    }

    /// A decimal integer.
    func int() throws(RuleError) -> Int {
        guard case .scalar(let s) = node, YAMLValue.isInteger(s.string), let i = Int(s.string.replacingOccurrences(of: "+", with: "")) else {
            throw error("expected a whole number, found \(kindName)")
        }
        return i
    }

    /// `true` or `false`.
    func bool() throws(RuleError) -> Bool {
        guard case .scalar(let s) = node, s.string == "true" || s.string == "false" else {
            throw error("expected true or false, found \(kindName)")
        }
        return s.string == "true"
    }

    /// A duration (`500ms`, `10s`, `2m`, `7d`) in milliseconds; a bare number is seconds.
    func duration() throws(RuleError) -> Int64 {
        guard case .scalar(let s) = node, !isNull, let ms = RuleParameters.parseDuration(s.string), ms > 0 else {
            throw error("expected a duration such as 500ms, 10s, 2m, 1h or 7d, found \(kindName)")
        }
        return ms
    }

    /// A list of text values; a single text value counts as a one-element list.
    func stringList() throws(RuleError) -> [String] {
        if case .scalar = node, !isNull { return [try string()] }
        var out: [String] = []
        for item in try list() {
            guard case .scalar = item.node, !item.isNull else { throw item.error("expected text, found \(item.kindName)") }
            out.append(try item.string())
        }
        return out
    }

    /// The node as JSON: mappings as objects (in file order), lists as arrays, scalars typed by their text.
    func json() throws(RuleError) -> JSONValue {
        switch node {
        case .mapping:
            var members: [(String, JSONValue)] = []
            for (k, v, _) in try mapping().entries { members.append((k, try v.json())) }
            return .object(members)
        case .sequence:
            var items: [JSONValue] = []
            for v in try list() { items.append(try v.json()) }
            return .array(items)
        case .alias:
            throw error("YAML aliases are not supported here; write the value out")
        case .scalar(let s):
            guard s.style == .plain || s.style == .any else { return .string(s.string) }
            if isNull { return .null }
            if s.string == "true" { return .bool(true) }
            if s.string == "false" { return .bool(false) }
            if YAMLValue.isInteger(s.string), let i = Int64(s.string.replacingOccurrences(of: "+", with: "")) { return .int(i) }
            if YAMLValue.isFraction(s.string), let d = Double(s.string) { return .double(d) }
            return .string(s.string)
        }
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
        var mantissa = u
        if let e = u.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = u[..<e]
            var exp = u[u.index(after: e)...]
            if exp.first == "-" || exp.first == "+" { exp = exp.dropFirst() }
            guard !exp.isEmpty, exp.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !(parts[0].isEmpty && parts[1].isEmpty) else { return false }
        return parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}
