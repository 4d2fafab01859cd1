import Foundation
import PumpwatchCore
import XCTest

@testable import PumpwatchDetect

/// A detector for these tests: counts CloudTrail events per source address and reports those above `threshold`.
final class PublishCountDetector: Detector {
    static let name = "publish-count"
    let rule: Rule
    let context: DetectionContext
    let threshold: Int
    var counts: [String: Int] = [:]

    init(rule: Rule, context: DetectionContext) throws(RuleError) {
        self.rule = rule
        self.context = context
        threshold = try rule.parameters.int("threshold", default: 3)
        guard threshold >= 1 else { throw RuleError(key: "threshold", reason: "must be 1 or more") }
        _ = try rule.parameters.duration("window", default: 60_000)
    }

    var formats: Set<SourceFormat> { [.cloudtrail] }

    func observe(_ observed: ObservedEvent) {
        if let ip = observed.event["source.address"]?.stringValue { counts[ip, default: 0] += 1 }
    }

    func finish() -> [Finding] {
        counts.sorted { $0.key < $1.key }.filter { $0.value > threshold }.map { ip, n in
            Finding(
                ruleID: rule.id, title: rule.title, severity: rule.severity, attack: rule.attack, firstSeen: nil, lastSeen: nil, count: n,
                entities: [("source.address", .string(ip))], evidence: [("now", .date(context.nowMillis)), ("now_is_explicit", .bool(context.nowIsExplicit)), ("baseline", .int(context.baselineMillis))],
                summary: "\(n) calls from \(ip)")
        }
    }
}

/// Builtin rules: the detector is found by name, built with the rule's parameters, fed the events
/// of its formats, and its errors point at the rule file's keys.
final class RuleBuiltinTests: XCTestCase {
    let detectors: [any Detector.Type] = [PublishCountDetector.self]

    static let rule = """
        id: publish-count
        title: Many calls from one address
        description: Counts CloudTrail calls per source address.
        severity: low
        attack: [T1496.003]
        sources: [cloudtrail]
        language: builtin
        detector: publish-count
        parameters:
          threshold: 3
          window: 1m
        false_positives: [Busy services.]
        tests:
          - name: four calls fire
            format: cloudtrail
            records:
              - record: {eventVersion: "1.09", eventTime: "2026-11-22T10:00:00Z", eventSource: sns.amazonaws.com, eventName: Publish, sourceIPAddress: 203.0.113.9}
                repeat: 4
                every: 1s
            expect:
              findings: 1
              entities: [{source.address: 203.0.113.9, now: "2026-11-22T10:00:03.000Z", now_is_explicit: "false"}]
          - name: three calls stay quiet
            format: cloudtrail
            records:
              - record: {eventVersion: "1.09", eventTime: "2026-11-22T10:00:00Z", eventSource: sns.amazonaws.com, eventName: Publish, sourceIPAddress: 203.0.113.9}
                repeat: 3
            expect:
              findings: 0
          - name: a lower threshold, an explicit now and a longer baseline reach the detector
            format: cloudtrail
            now: 2026-11-23T00:00:00Z
            parameters: {threshold: 1}
            baseline: 14d
            records:
              - record: {eventVersion: "1.09", eventTime: "2026-11-22T10:00:00Z", eventSource: sns.amazonaws.com, eventName: Publish, sourceIPAddress: 198.51.100.7}
                repeat: 2
            expect:
              findings: 1
              entities: [{source.address: 198.51.100.7, now_is_explicit: "true", baseline: "1209600000"}]
        """

    func testBuiltinRuleRunsItsDetector() throws {
        let rule = try RuleLoader.parse(Self.rule, file: "publish-count.yml", detectors: detectors)
        XCTAssertEqual(rule.language, .builtin)
        XCTAssertEqual(rule.detector, "publish-count")
        XCTAssertNil(rule.findingMapping)
        let results = RuleTestRunner.run(rule, detectors: detectors)
        XCTAssertEqual(results.count, 3)
        for r in results { XCTAssertTrue(r.passed, "\(r.name): \(r.failures)") }
        let f = try XCTUnwrap(results[0].findings.first)
        XCTAssertEqual(f.ruleID, "publish-count")
        XCTAssertEqual(f.sources.count, 1, "a detector that names no files gets the inputs it read")
        XCTAssertTrue(f.sources[0].hasSuffix("cloudtrail.json"))
    }

    func testDetectorErrorsNameTheParameterAndLine() {
        let bad = Self.rule.replacingOccurrences(of: "  threshold: 3", with: "  threshold: lots")
        XCTAssertThrowsError(try RuleLoader.parse(bad, file: "publish-count.yml", detectors: detectors)) { error in
            let e = error as? RuleError
            XCTAssertEqual(e?.key, "parameters.threshold")
            XCTAssertEqual(e?.line, 10)
            XCTAssertEqual(e?.file, "publish-count.yml")
            XCTAssertTrue(e?.reason.contains("expected an integer") ?? false)
        }
        XCTAssertThrowsError(try RuleLoader.parse(Self.rule, file: "publish-count.yml", detectors: [])) { error in
            XCTAssertEqual("\(error)", "publish-count.yml:8: detector: no detector named 'publish-count'; registered: none")
        }
    }

    func testConfigParametersAreCheckedByTheDetector() throws {
        let rule = try RuleLoader.parse(Self.rule, file: "publish-count.yml", detectors: detectors)
        let config = try ConfigLoader.parse("rules:\n  publish-count:\n    parameters: {threshold: 1}\n", file: "pumpwatch.yml")
        let applied = config.apply(to: [rule])
        XCTAssertEqual(try applied[0].parameters.int("threshold", default: 0), 1)
        XCTAssertEqual(try applied[0].parameters.duration("window", default: 0), 60_000)
        XCTAssertNoThrow(try config.validate(against: [rule], detectors: detectors))
        // A value of the wrong kind, and one of the right kind that the detector rejects, name the config key.
        let fraction = try ConfigLoader.parse("rules:\n  publish-count:\n    parameters:\n      window: 10\n      threshold: 2.5\n", file: "pumpwatch.yml")
        XCTAssertThrowsError(try fraction.validate(against: [rule], detectors: detectors)) { error in
            XCTAssertEqual((error as? RuleError)?.key, "rules.publish-count.parameters.threshold")
            XCTAssertEqual((error as? RuleError)?.line, 5)
            XCTAssertTrue((error as? RuleError)?.reason.contains("whole number") ?? false)
        }
        let zero = try ConfigLoader.parse("rules:\n  publish-count:\n    parameters:\n      window: 10\n      threshold: 0\n", file: "pumpwatch.yml")
        XCTAssertThrowsError(try zero.validate(against: [rule], detectors: detectors)) { error in
            XCTAssertEqual("\(error)", "pumpwatch.yml:5: rules.publish-count.parameters.threshold: must be 1 or more")
        }
    }
}
