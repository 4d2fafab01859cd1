import Foundation
import PumpwatchCore
import PumpwatchQuery

/// Reads one YAML rule file into a checked `Rule`.
///
/// Every problem is a `RuleError` with the file, the key path and the line: unknown keys,
/// missing required keys, wrong types, a query that does not parse in its language, a detector
/// name that is not registered, or a parameter the detector rejects.
///
/// ## Rule file
/// ```yaml
/// id: sns-direct-to-phone-spike          # required: lower-case letters, digits, '-'; the file name by convention
/// title: SNS direct-to-phone messaging spike   # required
/// description: >                         # required
///   What the rule finds and why it matters.
/// severity: medium                       # required: low | medium | high | critical
/// risk_score: 47                         # optional 0–100; default from severity (21, 47, 73, 99)
/// attack: [T1496.003]                    # required: ATT&CK technique ids
/// sources: [cloudtrail]                  # required: input formats (SourceFormat raw values)
/// language: esql                         # required: cql | esql | builtin
/// query: |-                              # cql and esql: the query, verbatim ('|-' keeps no trailing newline)
///   from logs-aws.cloudtrail-* | ...
/// detector: repeated-destination         # builtin: a name registered in DetectorRegistry
/// parameters: {threshold: 8, window: 2m} # optional: the detector's tunables, with their defaults
/// finding:                               # query rules: how a result row becomes a finding
///   entities: [cloud.account.id, source.address]   # required: columns naming what the finding is about
///   count: sms_message_count             # column with the number of events (default 1)
///   first_seen: FirstSeen                # columns with times: epoch s or ms, ISO text or dates
///   last_seen: LastSeen
///   window: target_time_window           # or: a column holding a window start ...
///   window_length: 10s                   # ... and the window's length
///   severity_field: RiskScore            # column whose value (Critical, High, ...) sets the severity
///   summary: "{sms_message_count} publishes from {source.address}"   # {Column} takes the row's value
/// false_positives: [...]                 # benign activity that fires the rule
/// tuning: [...]                          # how to adjust it
/// references: [...]                      # URLs
/// enabled: true                          # default true
/// tests: [...]                           # inline tests, below
/// ```
///
/// ## Inline tests
/// ```yaml
/// tests:
///   - name: 31 publishes within 10 seconds fire
///     format: cloudtrail                 # required: the records' format (SourceFormat raw value)
///     now: 2026-11-22T10:05:00Z          # optional: now() and the end of the detection window;
///                                        #   default: the last event's time
///     parameters: {threshold: 3}         # optional: parameters replacing the rule's for this test
///     baseline: 7d                       # optional: baseline period (default 7d)
///     detection_window: 1d               # optional: detection period (default 1d)
///     records:                           # required: one item per record, in file order
///       - {eventVersion: "1.09", eventTime: "2026-11-22T10:00:00Z", ...}  # a JSON object as YAML
///       - '{"eventVersion":"1.09", ...}'                                 # or as JSON text
///       - '203.0.113.9 - - [22/Nov/2026:10:00:00 +0000] "POST /otp HTTP/1.1" 200 2 "-" "curl/8"'  # web-access
///       - record: {eventTime: "2026-11-22T10:00:00Z", requestID: "r-{i}", ...}
///         repeat: 31                     # copies 0..30
///         every: 300ms                   # copy i is moved i × every later
///         time_field: eventTime          # field(s) to move (dotted paths; default per format);
///                                        #   ISO text, epoch-ms text, epoch-seconds text or numbers
///     inputs:                            # instead of format and records: several files, one per
///       - {format: cloudtrail, records: [...]}   #   format, for rules that join sources
///       - {format: sns-delivery, records: [...]}
///     expect:
///       findings: 1                      # required: exactly this many findings
///       entities:                        # optional: each map matches its own finding (any order),
///         - {source.address: 203.0.113.9}  #   by entity, else by field or evidence, as text
/// ```
/// `{i}` in any text of a repeated record becomes the copy's index (`{i:4}` pads it to four
/// digits: `+1555000{i:4}` gives `+15550000000`, `+15550000001`, ...). Records are written as
/// NDJSON, CloudTrail as `{"Records": [...]}`, CloudWatch as `{"MetricDataResults": [...]}` and
/// access logs as lines; the file must be detected as the test's `format`.
public enum RuleLoader {
    /// The keys a rule file may hold.
    public static let ruleKeys = [
        "id", "title", "description", "severity", "risk_score", "attack", "sources", "language", "query", "detector",
        "parameters", "finding", "false_positives", "tuning", "references", "enabled", "tests",
    ]
    static let findingKeys = ["entities", "count", "first_seen", "last_seen", "window", "window_length", "severity_field", "summary"]
    static let testKeys = ["name", "format", "records", "inputs", "now", "parameters", "baseline", "detection_window", "expect"]
    static let inputKeys = ["format", "records"]
    static let expectKeys = ["findings", "entities"]

    /// Loads the rule in the file at `path`; builtin rules must name one of `detectors`.
    public static func load(path: String, detectors: [any Detector.Type] = DetectorRegistry.all) throws(RuleError) -> Rule {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuleError(file: path, key: "(file)", reason: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RuleError(file: path, key: "(file)", reason: "the file is not UTF-8 text")
        }
        return try parse(text, file: path, detectors: detectors)
    }

    /// Parses rule YAML; `file` is used in errors and kept in `Rule.file`.
    public static func parse(_ text: String, file: String? = nil, detectors: [any Detector.Type] = DetectorRegistry.all) throws(RuleError) -> Rule {
        let root = try YAMLValue.parse(text, file: file)
        let m = try root.mapping(allowed: ruleKeys)

        let idNode = try m.required("id")
        let id = try idNode.nonEmptyString()
        guard id.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }), id.first != "-" else {
            throw idNode.error("'\(id)' must be lower-case letters, digits and '-'")
        }
        let title = try m.required("title").nonEmptyString()
        let description = try m.required("description").nonEmptyString()
        let severity = try severity(try m.required("severity"))
        var riskScore: Int?
        if let r = m.optional("risk_score") {
            let v = try r.int()
            guard (0...100).contains(v) else { throw r.error("expected a score from 0 to 100, found \(v)") }
            riskScore = v
        }
        let attackNode = try m.required("attack")
        let attack = try attackNode.stringList()
        guard !attack.isEmpty else { throw attackNode.error("name at least one ATT&CK technique (T1496.003)") }
        for (i, t) in attack.enumerated() where !isTechniqueID(t) {
            throw YAMLValue(node: attackNode.node, path: "attack[\(i)]", file: file, lastLine: attackNode.lastLine).error("'\(t)' is not an ATT&CK technique id such as T1496 or T1496.003")
        }
        let sourcesNode = try m.required("sources")
        let sources = try sourcesNode.stringList()
        guard !sources.isEmpty else { throw sourcesNode.error("name at least one input format") }
        for (i, s) in sources.enumerated() where SourceFormat(rawValue: s) == nil {
            let item = (try? sourcesNode.list())?[i] ?? sourcesNode
            throw item.error("unknown input format '\(s)'; expected one of \(SourceFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let languageNode = try m.required("language")
        let languageText = try languageNode.string()
        guard let language = RuleLanguage(rawValue: languageText) else {
            throw languageNode.error("expected cql, esql or builtin, found '\(languageText)'")
        }

        var query: String?
        var queryOrigin: SourceLocation?
        var detector: String?
        switch language {
        case .cql, .esql:
            if m.has("detector") { throw m["detector"]!.error("a \(language.rawValue) rule has a query, not a detector") }
            let q = try m.required("query")
            _ = try q.nonEmptyString()
            query = try q.string()
            queryOrigin = origin(of: q, in: text)
        case .builtin:
            if m.has("query") { throw m["query"]!.error("a builtin rule names a detector, not a query") }
            detector = try m.required("detector").nonEmptyString()
        }

        var parameters = RuleParameters()
        if let p = m.optional("parameters") {
            parameters = try self.parameters(p)
        }

        var mapping: FindingMapping?
        if let f = m.optional("finding") {
            if language == .builtin { throw f.error("builtin rules build their own findings; remove 'finding'") }
            mapping = try findingMapping(f)
        } else if language != .builtin {
            throw RuleError(file: file, key: "finding", reason: "required key is missing: a query rule says how its rows become findings", line: 1)
        }

        let falsePositives = try m.optional("false_positives")?.stringList() ?? []
        let tuning = try m.optional("tuning")?.stringList() ?? []
        let references = try m.optional("references")?.stringList() ?? []
        let enabled = try m.optional("enabled")?.bool() ?? true

        var tests: [RuleTest] = []
        if let t = m.optional("tests") {
            for item in try t.list() { tests.append(try test(item)) }
            var names = Set<String>()
            for (i, test) in tests.enumerated() where !names.insert(test.name).inserted {
                throw RuleError(file: file, key: "tests[\(i)].name", reason: "another test is named '\(test.name)'", line: test.line)
            }
        }

        let rule = Rule(
            id: id, title: title, description: description, severity: severity, riskScore: riskScore, attack: attack,
            sources: sources, language: language, query: query, detector: detector, parameters: parameters,
            findingMapping: mapping, falsePositives: falsePositives, tuning: tuning, references: references, tests: tests,
            enabled: enabled, file: file, queryOrigin: queryOrigin)
        var keyLines: [String: Int] = [:]
        keyLines["detector"] = m.line(of: "detector")
        if let p = m.optional("parameters"), let pm = try? p.mapping() {
            for (k, _, line) in pm.entries { keyLines["parameters.\(k)"] = line }
        }
        try check(rule, keyLines: keyLines, detectors: detectors)
        return rule
    }

    /// Checks what needs more than the file: the query parses in its language, the detector
    /// exists and accepts the parameters.
    static func check(_ rule: Rule, keyLines: [String: Int], detectors: [any Detector.Type]) throws(RuleError) {
        switch rule.language {
        case .cql, .esql:
            let language = QueryLanguage(rawValue: rule.language.rawValue)!
            do {
                _ = try language.plan(rule.query ?? "")
            } catch {
                throw queryError(error, rule: rule, language: language)
            }
        case .builtin:
            try RuleEvaluator.checkDetector(of: rule, keyLines: keyLines, detectors: detectors)
        }
    }

    /// A query error as a rule error at the query's line in the file.
    static func queryError(_ error: QueryError, rule: Rule, language: QueryLanguage) -> RuleError {
        let name = language == .cql ? "LogScale (CQL)" : "ES|QL"
        var reason = "does not parse as \(name): \(error.kind == .unsupported ? "unsupported: " : "")\(error.message)"
        if let expected = error.expected { reason += " (expected \(expected))" }
        var line = rule.queryOrigin?.line
        if let loc = error.location, let origin = rule.queryOrigin {
            line = origin.line + loc.line - 1
            reason += " at column \(origin.column + loc.column - 1)"
        }
        return RuleError(file: rule.file, key: "query", reason: reason, line: line)
    }

    // MARK: - Parts

    static func severity(_ node: YAMLValue) throws(RuleError) -> Severity {
        let text = try node.string()
        guard let s = Severity(rawValue: text) else {
            throw node.error("expected low, medium, high or critical, found '\(text)'")
        }
        return s
    }

    static func isTechniqueID(_ t: String) -> Bool {
        let u = Array(t.utf8)
        func digits(_ r: Range<Int>) -> Bool { r.allSatisfy { u[$0] >= 48 && u[$0] <= 57 } }
        guard u.count == 5 || u.count == 9, u[0] == UInt8(ascii: "T"), digits(1..<5) else { return false }
        return u.count == 5 || (u[5] == UInt8(ascii: ".") && digits(6..<9))
    }

    /// A `parameters:` mapping: each value a scalar or a list or mapping of scalars.
    static func parameters(_ node: YAMLValue) throws(RuleError) -> RuleParameters {
        var values: [String: JSONValue] = [:]
        for (k, v, _) in try node.mapping().entries {
            values[k] = try v.json()
        }
        return RuleParameters(values)
    }

    static func findingMapping(_ node: YAMLValue) throws(RuleError) -> FindingMapping {
        let f = try node.mapping(allowed: findingKeys)
        let entitiesNode = try f.required("entities")
        let entities = try entitiesNode.stringList()
        guard !entities.isEmpty else { throw entitiesNode.error("name at least one column") }
        var windowMillis: Int64?
        if let w = f.optional("window_length") {
            windowMillis = try w.duration()
            if !f.has("window") { throw w.error("window_length needs window: the column holding the window start") }
        } else if let w = f.optional("window") {
            throw w.error("a window column needs window_length (10s, 5m, ...)")
        }
        return FindingMapping(
            entities: entities, count: try f.optional("count")?.nonEmptyString(),
            firstSeen: try f.optional("first_seen")?.nonEmptyString(), lastSeen: try f.optional("last_seen")?.nonEmptyString(),
            window: try f.optional("window")?.nonEmptyString(), windowMillis: windowMillis,
            severityField: try f.optional("severity_field")?.nonEmptyString(), summary: try f.optional("summary")?.nonEmptyString())
    }

    static func test(_ node: YAMLValue) throws(RuleError) -> RuleTest {
        let t = try node.mapping(allowed: testKeys)
        let name = try t.required("name").nonEmptyString()
        var inputs: [RuleTestInput] = []
        if let inputsNode = t.optional("inputs") {
            for key in ["format", "records"] where t.has(key) {
                throw t[key]!.error("a test gives either format and records, or inputs")
            }
            for item in try inputsNode.list() {
                inputs.append(try input(try item.mapping(allowed: inputKeys)))
            }
            guard !inputs.isEmpty else { throw inputsNode.error("give at least one input") }
        } else {
            inputs.append(try input(t))
        }
        var now: String?
        if let n = t.optional("now") {
            let text = try n.string()
            guard Timestamp.parse(text) != nil else { throw n.error("'\(text)' is not an ISO 8601 time") }
            now = text
        }
        let parameters = try t.optional("parameters").map { (p) throws(RuleError) in try self.parameters(p) } ?? RuleParameters()
        let baseline = try t.optional("baseline")?.duration()
        let detectionWindow = try t.optional("detection_window")?.duration()

        let e = try t.required("expect").mapping(allowed: expectKeys)
        let findingsNode = try e.required("findings")
        let expected = try findingsNode.int()
        guard expected >= 0 else { throw findingsNode.error("expected a count of 0 or more") }
        var entities: [[String: String]] = []
        if let en = e.optional("entities") {
            for item in try en.list() {
                var map: [String: String] = [:]
                for (k, v, _) in try item.mapping().entries {
                    guard case .scalar = v.node, !v.isNull else { throw v.error("expected a value as text, found \(v.kindName)") }
                    map[k] = try v.string()
                }
                entities.append(map)
            }
            guard entities.count <= expected else {
                throw en.error("lists \(entities.count) findings' entities but expects \(expected) findings")
            }
        }
        return RuleTest(
            name: name, format: inputs[0].format, records: inputs[0].records, now: now, expectedFindings: expected,
            expectedEntities: entities, parameters: parameters, baselineMillis: baseline, detectionWindowMillis: detectionWindow,
            line: node.line, additionalInputs: Array(inputs.dropFirst()))
    }

    /// The `format` and `records` of a test or of one of its `inputs`.
    static func input(_ m: YAMLMapping) throws(RuleError) -> RuleTestInput {
        let formatNode = try m.required("format")
        let formatText = try formatNode.string()
        guard let format = SourceFormat(rawValue: formatText) else {
            throw formatNode.error("unknown input format '\(formatText)'; expected one of \(SourceFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let recordsNode = try m.required("records")
        var records: [String] = []
        for item in try recordsNode.list() {
            records += try TestRecordExpander.expand(item, format: format)
        }
        guard !records.isEmpty else { throw recordsNode.error("give at least one record") }
        return RuleTestInput(format: format, records: records)
    }

    /// Where a query scalar's text starts in the file: for block scalars (`|`, `>`), the line after
    /// the indicator and the indentation of its first non-blank line; else the scalar's own position.
    static func origin(of node: YAMLValue, in text: String) -> SourceLocation? {
        guard case .scalar(let s) = node.node, let mark = s.mark else { return nil }
        switch s.style {
        case .literal, .folded:
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var indent = 0
            for l in lines.dropFirst(mark.line) where !l.allSatisfy({ $0 == " " || $0 == "\r" }) {
                indent = l.prefix { $0 == " " }.count
                break
            }
            return SourceLocation(line: mark.line + 1, column: indent + 1, offset: 0)
        case .singleQuoted, .doubleQuoted:
            return SourceLocation(line: mark.line, column: mark.column + 1, offset: 0)
        default:
            return SourceLocation(line: mark.line, column: mark.column, offset: 0)
        }
    }
}
