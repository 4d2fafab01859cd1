import PumpwatchCore
import PumpwatchQuery
import PumpwatchSources

/// Runs one rule over files and folders and turns what it produces into findings.
///
/// A query rule is planned in its language and run by `QueryRunner`; each result row becomes a
/// finding through the rule's `FindingMapping` (`findings(from:rule:files:)`, which a hunt that
/// runs many rules in one pass uses directly). A builtin rule instantiates its registered
/// detector, feeds it the events of the detector's formats and collects `finish()`.
public enum RuleEvaluator {
    /// What one rule produced over its input.
    public struct Evaluation: Sendable {
        public var findings: [Finding]
        /// Query warnings (partial results, runtime problems), in order.
        public var warnings: [String]
        /// The files read, with their formats and event counts.
        public var files: [FileSummary]
    }

    /// Runs `rule` over `paths`; malformed records go to `onMalformed`.
    ///
    /// Throws `RuleError` when the rule's query does not plan or its detector rejects the rule,
    /// and whatever the reader throws (a `StrictModeError` with `strict`). Builtin rules find their
    /// detector in `detectors` (the registry by default).
    public static func evaluate(
        _ rule: Rule, paths: [String], context: DetectionContext, strict: Bool = false, showsProgress: Bool = false,
        detectors: [any Detector.Type] = DetectorRegistry.all, onMalformed: (MalformedRecord) -> Void
    ) throws -> Evaluation {
        switch rule.language {
        case .cql, .esql:
            let (plan, language) = try plan(for: rule)
            let runner = QueryRunner(plan: plan, dialect: language.dialect, nowMillis: context.nowMillis)
            runner.strict = strict
            runner.showsProgress = showsProgress
            let result = try runner.run(paths: paths, onMalformed: onMalformed)
            let findings = findings(from: result.rows, rule: rule, files: inputFiles(result.files, formats: formats(of: rule)))
            return Evaluation(findings: findings, warnings: result.warnings, files: result.files)
        case .builtin:
            let detector = try detector(for: rule, context: context, detectors: detectors)
            var options = ReadOptions()
            options.formats = detector.formats
            options.projection = detector.fields
            options.strict = strict
            options.showsProgress = showsProgress
            let files = try SourceReader(options: options).read(paths: paths, onEvent: { detector.observe(ObservedEvent($0)) }, onMalformed: onMalformed)
            let inputs = inputFiles(files, formats: detector.formats)
            var findings = detector.finish()
            for i in findings.indices where findings[i].sources.isEmpty { findings[i].sources = inputs }
            return Evaluation(findings: findings, warnings: [], files: files)
        }
    }

    /// The plan of a query rule, and its language.
    public static func plan(for rule: Rule) throws(RuleError) -> (LogicalPlan, QueryLanguage) {
        guard let language = QueryLanguage(rawValue: rule.language.rawValue), let query = rule.query else {
            throw RuleError(file: rule.file, key: "query", reason: "a \(rule.language.rawValue) rule has no query to run")
        }
        do {
            return (try language.plan(query), language)
        } catch {
            throw RuleLoader.queryError(error, rule: rule, language: language)
        }
    }

    /// A new detector for a builtin rule: the type in `detectors` (the registry by default) named
    /// by `detector:`, built with the rule. Errors name the rule file and `parameters.<name>`.
    public static func detector(for rule: Rule, context: DetectionContext, detectors: [any Detector.Type] = DetectorRegistry.all) throws(RuleError) -> any Detector {
        guard let name = rule.detector else {
            throw RuleError(file: rule.file, key: "detector", reason: "a builtin rule names its detector")
        }
        guard let type = detectors.first(where: { $0.name == name }) else {
            let known = detectors.map { $0.name }.sorted()
            throw RuleError(
                file: rule.file, key: "detector",
                reason: "no detector named '\(name)'; registered: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
        }
        do {
            return try type.init(rule: rule, context: context)
        } catch {
            var e = error
            if e.file == nil { e.file = rule.file }
            if !e.key.hasPrefix("parameters."), e.key != "detector" { e.key = "parameters." + e.key }
            throw e
        }
    }

    /// Checks that a builtin rule's detector exists and accepts its parameters; errors carry the
    /// line of the offending key (`detector` or `parameters.<name>`) from `keyLines`.
    static func checkDetector(of rule: Rule, keyLines: [String: Int], detectors: [any Detector.Type]) throws(RuleError) {
        do {
            _ = try detector(for: rule, context: DetectionContext(nowMillis: 0), detectors: detectors)
        } catch {
            var e = error
            if e.line == nil { e.line = keyLines[e.key] ?? keyLines["detector"] }
            throw e
        }
    }

    // MARK: - Rows to findings

    /// The findings for a query rule's result rows, one per row, through its `FindingMapping`.
    ///
    /// Entities are the mapped columns in order (absent and null ones left out); the count,
    /// first and last seen times (epoch seconds or milliseconds, ISO text or dates) and a window
    /// start plus length come from their columns; the severity from `severity_field`
    /// (`Critical`, `High`, ...) when it holds one, else the rule's; `fields` is the whole row.
    /// `sources` is the event's file for rows that are one event, else `files`.
    public static func findings(from rows: [Row], rule: Rule, files: [String]) -> [Finding] {
        let mapping = rule.findingMapping ?? FindingMapping(entities: [])
        return rows.map { finding(from: $0, rule: rule, mapping: mapping, files: files) }
    }

    static func finding(from row: Row, rule: Rule, mapping: FindingMapping, files: [String]) -> Finding {
        var entities: [(String, Value)] = []
        for name in mapping.entities {
            if let v = row[name], !v.isNull { entities.append((name, v)) }
        }
        let count = mapping.count.flatMap { row[$0]?.intValue }.map { Int(clamping: $0) } ?? 1
        var first = mapping.firstSeen.flatMap { millis(row[$0]) }
        var last = mapping.lastSeen.flatMap { millis(row[$0]) }
        var evidence: [(String, Value)] = []
        if let w = mapping.window, let start = millis(row[w]) {
            let length = mapping.windowMillis ?? 0
            first = first ?? start
            last = last ?? start + max(0, length - 1)
            evidence.append(("window_start", .date(start)))
            if length > 0 { evidence.append(("window_length", .string(durationText(length)))) }
        }
        if first == nil && last == nil, let t = millis(row["@timestamp"]) {
            first = t
            last = t
        }
        first = first ?? last
        last = last ?? first

        var severity = rule.severity
        if let field = mapping.severityField, let text = row[field]?.stringValue, let s = Severity(loose: text) {
            severity = s
        }
        let risk = severity == rule.severity ? rule.effectiveRiskScore : severity.defaultRiskScore
        let sources = row.origin.map { [$0.file] } ?? files
        let fields = row.orderedPairs
        let summary = mapping.summary.map { fill($0, row: row) } ?? defaultSummary(rule: rule, entities: entities, count: count)
        return Finding(
            ruleID: rule.id, title: rule.title, severity: severity, riskScore: risk, attack: rule.attack, firstSeen: first,
            lastSeen: last, count: count, entities: entities, evidence: evidence, fields: fields, sources: sources, summary: summary)
    }

    /// A time in epoch milliseconds from a date, an epoch number (seconds up to 1e11, else
    /// milliseconds) or text (ISO 8601 or an epoch number); the first value of a multi-value.
    public static func millis(_ value: Value?) -> Int64? {
        switch value {
        case .date(let ms)?: return ms
        case .int(let i)?: return Timestamp.epochToMillis(Double(i))
        case .double(let d)?: return Timestamp.epochToMillis(d)
        case .string(let s)?: return Timestamp.parse(s.trimmingSpaces())
        case .array(let a)?: return a.lazy.compactMap { millis($0) }.first
        default: return nil
        }
    }

    /// `{Column}` in `template` replaced with the row's value, `{A|B}` with the first of A and B
    /// the row has (for union branches with different columns); unknown names stay as written.
    static func fill(_ template: String, row: Row) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let names = rest[rest.index(after: open)..<close].split(separator: "|").map { String($0).trimmingSpaces() }
            if let v = names.lazy.compactMap({ row[$0] }).first(where: { !$0.isNull }) {
                out += text(v)
            } else {
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    static func text(_ v: Value) -> String {
        switch v {
        case .null: return "(none)"
        case .array(let a): return a.map(text).joined(separator: ", ")
        default: return (v.stringValue ?? "").split(separator: "\n").joined(separator: ", ")
        }
    }

    static func defaultSummary(rule: Rule, entities: [(String, Value)], count: Int) -> String {
        let who = entities.map { "\($0.0)=\(text($0.1))" }.joined(separator: ", ")
        return "\(rule.title): \(count) event\(count == 1 ? "" : "s")" + (who.isEmpty ? "" : " for \(who)")
    }

    /// `10s`, `5m`, `1h`, `1d`, or milliseconds when not whole seconds.
    static func durationText(_ ms: Int64) -> String {
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000)] where ms % size == 0 {
            return "\(ms / size)\(unit)"
        }
        return "\(ms)ms"
    }

    // MARK: - Inputs

    /// The formats a rule reads, from its `sources`.
    static func formats(of rule: Rule) -> Set<SourceFormat> {
        Set(rule.sources.compactMap(SourceFormat.init(rawValue:)))
    }

    /// The files that gave events of `formats`; all files that gave events when none did.
    static func inputFiles(_ files: [FileSummary], formats: Set<SourceFormat>) -> [String] {
        let read = files.filter { $0.events > 0 }
        let matching = read.filter { $0.format.map(formats.contains) ?? false }
        return (matching.isEmpty ? read : matching).map(\.path)
    }
}
