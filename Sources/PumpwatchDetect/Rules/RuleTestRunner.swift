import Foundation
import PumpwatchCore
import PumpwatchSources

/// Runs a rule's inline tests: writes each test's records to a file in the test's format, runs
/// the rule over it with `RuleEvaluator`, and compares the findings with the expectation.
///
/// A test fails when its file is not read as its declared format, when a record is malformed,
/// when the rule cannot run, when the number of findings differs, or when an expected entity map
/// matches no finding of its own.
public enum RuleTestRunner {
    /// The results of every test of `rule`, in file order; builtin rules use `detectors` (the registry by default).
    public static func run(_ rule: Rule, detectors: [any Detector.Type] = DetectorRegistry.all) -> [RuleTestResult] {
        rule.tests.map { run($0, of: rule, detectors: detectors) }
    }

    /// The result of one test of `rule`.
    public static func run(_ test: RuleTest, of rule: Rule, detectors: [any Detector.Type] = DetectorRegistry.all) -> RuleTestResult {
        var result = RuleTestResult(ruleID: rule.id, name: test.name, file: rule.file, line: test.line, failures: [], findings: [])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-rule-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            var paths: [(String, SourceFormat)] = []
            for (i, input) in test.inputs.enumerated() {
                let path = dir.appendingPathComponent("\(i + 1)-" + fileName(for: input.format)).path
                try Data(contents(of: input).utf8).write(to: URL(fileURLWithPath: path))
                paths.append((path, input.format))
            }
            result.failures = try check(test, of: rule, paths: paths, detectors: detectors, findings: &result.findings)
        } catch {
            result.failures.append("could not run: \(error)")
        }
        return result
    }

    /// The text of the test's input file: NDJSON, a CloudTrail `{"Records": [...]}` or CloudWatch
    /// `{"MetricDataResults": [...]}` document, or access-log lines.
    static func contents(of input: RuleTestInput) -> String {
        switch input.format {
        case .cloudtrail where !isWrapped(input.records, key: "Records"):
            return "{\"Records\":[" + input.records.joined(separator: ",\n") + "]}\n"
        case .cloudwatchMetrics where !isWrapped(input.records, key: "MetricDataResults"):
            return "{\"MetricDataResults\":[" + input.records.joined(separator: ",\n") + "]}\n"
        default:
            return input.records.joined(separator: "\n") + "\n"
        }
    }

    /// True when the test gives one record that is already the whole wrapped document.
    private static func isWrapped(_ records: [String], key: String) -> Bool {
        guard records.count == 1, let value = try? JSONParser.parse(records[0]) else { return false }
        return value[key] != nil
    }

    private static func fileName(for format: SourceFormat) -> String {
        switch format {
        case .webAccess: return "access.log"
        case .cloudtrail, .cloudwatchMetrics: return "\(format.rawValue).json"
        default: return "\(format.rawValue).ndjson"
        }
    }

    private static func check(_ test: RuleTest, of rule: Rule, paths: [(String, SourceFormat)], detectors: [any Detector.Type], findings: inout [Finding]) throws -> [String] {
        var options = ReadOptions()
        options.showsProgress = false
        let reader = SourceReader(options: options)
        var failures: [String] = []
        for (path, format) in paths {
            let detected = try reader.detectFormat(path: path)
            if detected != format {
                failures.append("the \(format.rawValue) records were read as \(detected?.rawValue ?? "no known format")")
            }
        }
        if !failures.isEmpty { return failures }
        // A first pass finds malformed records and the last event's time (the default `now`).
        var last: Int64?
        options.projection = FieldProjection(names: ["@timestamp"])
        let formatOf = Dictionary(paths, uniquingKeysWith: { a, _ in a })
        _ = try SourceReader(options: options).read(
            paths: paths.map(\.0),
            onEvent: { e in if let t = e.timestampMillis { last = max(last ?? t, t) } },
            onMalformed: { m in
                let which = paths.count == 1 ? "" : " of the \(formatOf[m.origin.file]?.rawValue ?? "") input"
                failures.append("record at line \(m.origin.line)\(which) is malformed: \(m.reason)")
            })
        if !failures.isEmpty { return failures }

        let explicitNow = test.now.flatMap(Timestamp.parse)
        let defaults = DetectionContext(nowMillis: 0)
        let context = DetectionContext(
            nowMillis: explicitNow ?? last ?? 0, nowIsExplicit: explicitNow != nil,
            baselineMillis: test.baselineMillis ?? defaults.baselineMillis,
            detectionWindowMillis: test.detectionWindowMillis ?? defaults.detectionWindowMillis)
        var tested = rule
        tested.parameters = rule.parameters.merging(test.parameters)
        let evaluation = try RuleEvaluator.evaluate(tested, paths: paths.map(\.0), context: context, detectors: detectors, onMalformed: { _ in })
        findings = evaluation.findings
        failures = evaluation.warnings.map { "query warning: \($0)" }
        if findings.count != test.expectedFindings {
            var s = "expected \(test.expectedFindings) finding\(test.expectedFindings == 1 ? "" : "s"), got \(findings.count)"
            if !findings.isEmpty { s += ": " + findings.map(describe).joined(separator: "; ") }
            failures.append(s)
        }
        if !test.expectedEntities.isEmpty, assign(test.expectedEntities, to: findings) == nil {
            for expected in test.expectedEntities where !findings.contains(where: { matches(expected, $0) }) {
                failures.append("no finding carries \(describe(expected)); got: \(findings.isEmpty ? "none" : findings.map(describe).joined(separator: "; "))")
            }
            if failures.isEmpty {
                failures.append("the expected entities \(test.expectedEntities.map(describe).joined(separator: ", ")) do not each match a finding of their own")
            }
        }
        return failures
    }

    // MARK: - Matching

    /// True when every `name: value` is carried by the finding: as an entity, else a field, else evidence.
    static func matches(_ expected: [String: String], _ finding: Finding) -> Bool {
        expected.allSatisfy { name, value in
            let actual = finding.entity(name) ?? finding.fields.first { $0.0 == name }?.1 ?? finding.evidence.first { $0.0 == name }?.1
            guard let actual else { return false }
            return text(actual) == value
        }
    }

    /// One distinct finding per expectation (by backtracking), or `nil` when there is no such assignment.
    static func assign(_ expected: [[String: String]], to findings: [Finding]) -> [Int]? {
        var used = Set<Int>()
        var chosen: [Int] = []
        func place(_ k: Int) -> Bool {
            if k == expected.count { return true }
            for (i, f) in findings.enumerated() where !used.contains(i) && matches(expected[k], f) {
                used.insert(i)
                chosen.append(i)
                if place(k + 1) { return true }
                used.remove(i)
                chosen.removeLast()
            }
            return false
        }
        return place(0) ? chosen : nil
    }

    private static func text(_ v: Value) -> String {
        if case .array(let a) = v { return a.compactMap(\.stringValue).joined(separator: ",") }
        return v.stringValue ?? "null"
    }

    static func describe(_ expected: [String: String]) -> String {
        "{" + expected.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
    }

    static func describe(_ f: Finding) -> String {
        let entities = f.entities.map { "\($0.0)=\(text($0.1))" }.joined(separator: " ")
        return "[\(f.severity.rawValue) count=\(f.count)\(entities.isEmpty ? "" : " " + entities)]"
    }
}
