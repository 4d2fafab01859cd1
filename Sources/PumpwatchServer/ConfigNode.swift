import Foundation
import PumpwatchDetect
import Yams

/// A node of the server configuration YAML with the key path that reached it, read with checked
/// types; every failed read is a `ConfigurationError` naming the file, the key path and the line.
struct ConfigNode {
    let node: Node
    let path: String
    let file: String?

    var line: Int? { node.mark?.line }

    /// The root of `text`; an empty document is an empty mapping.
    static func parse(_ text: String, file: String?) throws(ConfigurationError) -> ConfigNode {
        ConfigNode(node: try YAMLDocument.root(text, file: file), path: "", file: file)
    }

    func error(_ reason: String) -> ConfigurationError {
        ConfigurationError(file: file, key: path.isEmpty ? "(document)" : path, reason: reason, line: line)
    }

    var isNull: Bool {
        guard case .scalar(let s) = node, s.style == .plain || s.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }

    var isMapping: Bool {
        if case .mapping = node { return true }
        return false
    }

    var kindName: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let s):
            if isNull { return "nothing" }
            return "'\(s.string.count > 40 ? String(s.string.prefix(40)) + "…" : s.string)'"
        }
    }

    /// The members of a mapping in file order; any key not in `allowed` is an error.
    func mapping(allowed: [String]) throws(ConfigurationError) -> [(String, ConfigNode)] {
        guard case .mapping(let m) = node else { throw error("expected a mapping of keys to values, found \(kindName)") }
        var entries: [(String, ConfigNode)] = []
        for (k, v) in m {
            guard case .scalar(let ks) = k else { throw ConfigNode(node: k, path: path, file: file).error("keys must be text") }
            let member = ConfigNode(node: v, path: path.isEmpty ? ks.string : "\(path).\(ks.string)", file: file)
            guard allowed.contains(ks.string) else {
                throw ConfigurationError(
                    file: file, key: member.path, reason: "unknown key; expected one of \(allowed.joined(separator: ", "))", line: k.mark?.line)
            }
            entries.append((ks.string, member))
        }
        return entries
    }

    func list() throws(ConfigurationError) -> [ConfigNode] {
        if isNull { return [] }
        guard case .sequence(let s) = node else { throw error("expected a list, found \(kindName)") }
        return s.enumerated().map { ConfigNode(node: $0.element, path: "\(path)[\($0.offset)]", file: file) }
    }

    func string() throws(ConfigurationError) -> String {
        guard case .scalar(let s) = node, !isNull else { throw error("expected text, found \(kindName)") }
        return s.string
    }

    func int(in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard case .scalar(let s) = node, let i = Int(s.string) else { throw error("expected a whole number, found \(kindName)") }
        guard range.contains(i) else { throw error("expected a whole number from \(range.lowerBound) to \(range.upperBound), found \(i)") }
        return i
    }

    func bool() throws(ConfigurationError) -> Bool {
        guard case .scalar(let s) = node, s.string == "true" || s.string == "false" else { throw error("expected true or false, found \(kindName)") }
        return s.string == "true"
    }

    /// A duration (`500ms`, `5s`, `10m`, `1h`, `30d`) in seconds; a bare number is seconds.
    func seconds(in range: ClosedRange<Double>) throws(ConfigurationError) -> Double {
        guard case .scalar(let s) = node, let v = ConfigNode.duration(s.string) else {
            throw error("expected a duration such as 500ms, 5s, 10m, 1h or 30d, found \(kindName)")
        }
        guard range.contains(v) else { throw error("expected a duration from \(range.lowerBound)s to \(range.upperBound)s, found \(s.string)") }
        return v
    }

    /// A size in bytes: `65536`, `64KiB`, `64k`, `1MiB`, `1MB`.
    func bytes(in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard case .scalar(let s) = node, let v = ConfigNode.size(s.string) else {
            throw error("expected a size in bytes such as 65536, 64KiB or 1MiB, found \(kindName)")
        }
        guard range.contains(v) else { throw error("expected a size from \(range.lowerBound) to \(range.upperBound) bytes, found \(s.string)") }
        return v
    }

    static func duration(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            guard let n = Double(t.dropLast(suffix.count)), n >= 0, n.isFinite else { return nil }
            return n * factor
        }
        guard let n = Double(t), n >= 0, n.isFinite else { return nil }
        return n
    }

    static func size(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Int)] = [("kib", 1024), ("mib", 1 << 20), ("kb", 1000), ("mb", 1_000_000), ("k", 1024), ("m", 1 << 20), ("b", 1)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            guard let n = Int(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), n >= 0 else { return nil }
            return n.multipliedReportingOverflow(by: factor).overflow ? nil : n * factor
        }
        return Int(t).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// The line of the node reached from this one by `keyPath` (`signals.ip_velocity.hourly`,
    /// `allow.cidrs[1]`), or of the deepest node on the way.
    func line(following keyPath: String) -> Int? {
        var current = node
        var parts: [String] = []
        for segment in keyPath.split(separator: ".") {
            var s = Substring(segment)
            if let open = s.firstIndex(of: "[") {
                parts.append(String(s[..<open]))
                s = s[open...]
                while let o = s.firstIndex(of: "["), let c = s.firstIndex(of: "]"), o < c {
                    parts.append(String(s[o...c]))
                    s = s[s.index(after: c)...]
                }
            } else {
                parts.append(String(s))
            }
        }
        for part in parts where !part.isEmpty {
            if part.hasPrefix("["), let i = Int(part.dropFirst().dropLast()), case .sequence(let seq) = current, i >= 0, i < seq.count {
                current = seq[i]
            } else if case .mapping(let m) = current, let v = m.first(where: { $0.key.string == part })?.value {
                current = v
            } else {
                break
            }
        }
        return current.mark?.line
    }
}
