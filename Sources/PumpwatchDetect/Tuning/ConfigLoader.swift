import Foundation
import PumpwatchCore

/// Reads `pumpwatch.yml` into a `PumpwatchConfig`, rejecting anything it does not understand
/// with the key path, the line and the reason (unknown key, wrong type, bad duration, unknown
/// rule id, bad CIDR or phone prefix).
public enum ConfigLoader {
    static let topKeys = ["baseline", "detection_window", "rules", "suppress"]
    static let overrideKeys = ["enabled", "severity", "risk_score", "parameters"]
    static let suppressKeys: [(String, SuppressionKind)] = [
        ("aid", .aid), ("computer_name", .computerName), ("arn", .arn), ("ip", .ip), ("phone_prefix", .phonePrefix), ("path", .path),
    ]

    /// Loads the config at `path`; with `rules`, also checks the overrides against them.
    public static func load(path: String, rules: [Rule]? = nil) throws(RuleError) -> PumpwatchConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuleError(file: path, key: "(file)", reason: "cannot read the config file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RuleError(file: path, key: "(file)", reason: "the config file is not UTF-8 text")
        }
        let config = try parse(text, file: path)
        if let rules { try config.validate(against: rules) }
        return config
    }

    /// Parses config YAML; `file` is used in errors.
    public static func parse(_ text: String, file: String? = nil) throws(RuleError) -> PumpwatchConfig {
        let root = try YAMLValue.parse(text, file: file)
        let m = try root.mapping(allowed: topKeys)
        var config = PumpwatchConfig(file: file)
        config.baselineMillis = try m.optional("baseline")?.duration()
        config.detectionWindowMillis = try m.optional("detection_window")?.duration()

        if let rules = m.optional("rules") {
            for (id, node, line) in try rules.mapping().entries {
                let o = try node.mapping(allowed: overrideKeys)
                var override = RuleOverride(line: line)
                override.enabled = try o.optional("enabled")?.bool()
                if let s = o.optional("severity") { override.severity = try RuleLoader.severity(s) }
                if let r = o.optional("risk_score") {
                    let v = try r.int()
                    guard (0...100).contains(v) else { throw r.error("expected a score from 0 to 100, found \(v)") }
                    override.riskScore = v
                }
                if let p = o.optional("parameters") {
                    let pm = try p.mapping()
                    var values: [String: JSONValue] = [:]
                    for (name, value, pline) in pm.entries {
                        values[name] = try value.json()
                        override.parameterLines[name] = pline
                        try checkDuration(name, value)
                    }
                    override.parameters = RuleParameters(values)
                }
                config.rules[id] = override
            }
        }

        if let suppress = m.optional("suppress") {
            let s = try suppress.mapping(allowed: suppressKeys.map(\.0))
            for (key, kind) in suppressKeys {
                guard let list = s.optional(key) else { continue }
                let items: [YAMLValue]
                if case .scalar = list.node { items = [list] } else { items = try list.list() }
                for (i, item) in items.enumerated() {
                    let value = try item.string()
                    if let reason = config.suppression.add(value, as: kind, origin: file.map { "\($0):\(item.line ?? 0)" }) {
                        throw RuleError(file: file, key: "suppress.\(key)[\(i)]", reason: reason, line: item.line)
                    }
                }
            }
        }
        return config
    }

    /// For parameters named like durations (`window`, `*_window`, `period`, `interval`), checks the
    /// value reads as one, so `window: 2x` fails here with its line.
    private static func checkDuration(_ name: String, _ value: YAMLValue) throws(RuleError) {
        let lower = name.lowercased()
        guard lower == "window" || lower.hasSuffix("_window") || lower == "period" || lower == "interval" || lower == "baseline" else { return }
        guard case .scalar = value.node, let text = try? value.string(), text.contains(where: \.isLetter) else { return }
        _ = try value.duration()
    }
}
