import PumpwatchCore

/// The user's tuning from `pumpwatch.yml`: the baseline and detection periods, per-rule
/// overrides, and the suppression lists.
///
/// ```yaml
/// baseline: 7d                 # how far back the baseline reaches (default 7d)
/// detection_window: 1d         # the recent period judged against it (default 1d)
/// rules:
///   repeated-destination: {enabled: true, severity: high, parameters: {threshold: 8, window: 2m}}
///   logscale-sms-pumping: {enabled: false}
/// suppress:
///   aid: [5f1c0ffee0000000000000000000a001]
///   computer_name: [APP-01]
///   arn: ["arn:aws:iam::111122223333:role/notifications"]
///   ip: [10.0.0.0/8, 203.0.113.9]
///   phone_prefix: ["+1555"]
///   path: [/healthz]
/// ```
public struct PumpwatchConfig: Sendable {
    /// The baseline and detection periods in milliseconds, when set.
    public var baselineMillis: Int64?
    public var detectionWindowMillis: Int64?
    /// Overrides by rule id.
    public var rules: [String: RuleOverride]
    public var suppression: Suppression
    /// The file the config was read from.
    public var file: String?

    public init(baselineMillis: Int64? = nil, detectionWindowMillis: Int64? = nil, rules: [String: RuleOverride] = [:], suppression: Suppression = Suppression(), file: String? = nil) {
        self.baselineMillis = baselineMillis
        self.detectionWindowMillis = detectionWindowMillis
        self.rules = rules
        self.suppression = suppression
        self.file = file
    }

    /// The rules with their overrides applied (parameters merged, enabled and severity replaced).
    public func apply(to rules: [Rule]) -> [Rule] {
        rules.map { rule in self.rules[rule.id].map { $0.applied(to: rule) } ?? rule }
    }

    /// The detection context for a run at `nowMillis`, with this config's periods.
    public func context(nowMillis: Int64, nowIsExplicit: Bool) -> DetectionContext {
        let d = DetectionContext(nowMillis: nowMillis, nowIsExplicit: nowIsExplicit)
        return DetectionContext(
            nowMillis: nowMillis, nowIsExplicit: nowIsExplicit, baselineMillis: baselineMillis ?? d.baselineMillis,
            detectionWindowMillis: detectionWindowMillis ?? d.detectionWindowMillis)
    }

    /// Checks the overrides against the loaded rules: every id exists, every parameter is one the
    /// rule declares, with a value of the declared kind, and a builtin rule's detector (from
    /// `detectors`, the registry by default) accepts the result.
    public func validate(against rules: [Rule], detectors: [any Detector.Type] = DetectorRegistry.all) throws(RuleError) {
        let byID = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (id, override) in self.rules.sorted(by: { ($0.value.line ?? 0, $0.key) < ($1.value.line ?? 0, $1.key) }) {
            guard let rule = byID[id] else {
                let near = byID.keys.filter { $0.contains(id) || id.contains($0) }.sorted()
                let hint = near.isEmpty ? "run 'pumpwatch rules list' for the ids" : "did you mean \(near.joined(separator: ", "))?"
                throw RuleError(file: file, key: "rules.\(id)", reason: "no rule with this id; \(hint)", line: override.line)
            }
            for (name, value) in override.parameters.values.sorted(by: { $0.key < $1.key }) {
                let key = "rules.\(id).parameters.\(name)"
                let line = override.parameterLines[name] ?? override.line
                guard let declared = rule.parameters.values[name] else {
                    let known = rule.parameters.values.keys.sorted()
                    throw RuleError(
                        file: file, key: key,
                        reason: known.isEmpty ? "rule \(id) takes no parameters" : "unknown parameter; rule \(id) takes \(known.joined(separator: ", "))",
                        line: line)
                }
                if let reason = PumpwatchConfig.mismatch(value, declared: declared) {
                    throw RuleError(file: file, key: key, reason: reason, line: line)
                }
            }
            if rule.language == .builtin {
                do {
                    _ = try RuleEvaluator.detector(
                        for: override.applied(to: rule), context: context(nowMillis: 0, nowIsExplicit: false), detectors: detectors)
                } catch {
                    let name = error.key.hasPrefix("parameters.") ? String(error.key.dropFirst("parameters.".count)) : error.key
                    throw RuleError(
                        file: file, key: "rules.\(id).\(error.key)", reason: error.reason, line: override.parameterLines[name] ?? override.line)
                }
            }
        }
    }

    /// Why `value` cannot stand in for a parameter whose default is `declared`, or `nil` when it can.
    static func mismatch(_ value: JSONValue, declared: JSONValue) -> String? {
        func isDurationText(_ v: JSONValue) -> Bool {
            guard let s = v.string else { return false }
            return s.contains(where: \.isLetter) && RuleParameters.parseDuration(s) != nil
        }
        func isWhole(_ v: JSONValue) -> Bool {
            switch v {
            case .int: return true
            case .double(let d): return d == d.rounded()
            default: return false
            }
        }
        let found = JSONWriter.serialize(value)
        switch declared {
        case .int:
            return isWhole(value) ? nil : "expected a whole number, found \(found)"
        case .double:
            switch value {
            case .int, .double: return nil
            default: return "expected a number, found \(found)"
            }
        case .bool:
            if case .bool = value { return nil }
            return "expected true or false, found \(found)"
        case .string where isDurationText(declared):
            if isDurationText(value) { return nil }
            if case .int = value { return nil }
            return "expected a duration such as 30s, 2m, 1h or 7d, found \(found)"
        case .array:
            switch value {
            case .array(let items) where items.allSatisfy({ $0.scalarText != nil }): return nil
            case .string, .int, .double: return nil
            default: return "expected a list of values, found \(found)"
            }
        default:
            return value.scalarText == nil ? "expected a value, found \(found)" : nil
        }
    }
}
