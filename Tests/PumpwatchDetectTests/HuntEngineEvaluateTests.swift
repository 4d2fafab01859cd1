import Foundation
import PumpwatchCore
import PumpwatchSources
import XCTest

@testable import PumpwatchDetect

/// The detector of `RuleBuiltinTests` copies itself as every detector must.
extension PublishCountDetector {
    func copy() -> PublishCountDetector {
        guard let copy = try? PublishCountDetector(rule: rule, context: context) else {
            preconditionFailure("the rule and context built this detector once")
        }
        copy.counts = counts
        return copy
    }
}

/// `HuntEngine.evaluate()` mid-stream: at every point it gives what `finish()` of an engine fed
/// only the events so far gives, and evaluating leaves the engine's final findings exactly those
/// of a hunt that never evaluated. Checked for every rule of the built-in pack (query rules and
/// detectors) over each rule's own inline test records, and for the whole pack in one engine.
final class HuntEngineEvaluateTests: XCTestCase {
    /// One inline rule test made ready for an engine: the rule as the test tunes it, the events of
    /// its records, and the detection context the rule test runner would use.
    private struct Scenario {
        var name: String
        var rule: Rule
        var events: [Event]
        var context: DetectionContext
        var expectsFindings: Bool
    }

    // MARK: - Reading the rule tests

    private static func fileName(for format: SourceFormat) -> String {
        switch format {
        case .webAccess: return "access.log"
        case .cloudtrail, .cloudwatchMetrics: return "\(format.rawValue).json"
        default: return "\(format.rawValue).ndjson"
        }
    }

    /// The events of `test`'s records, read from files in their formats as a hunt reads them.
    private func events(of test: RuleTest, in dir: URL) throws -> [Event] {
        var paths: [String] = []
        for (i, input) in test.inputs.enumerated() {
            let path = dir.appendingPathComponent("\(i + 1)-" + Self.fileName(for: input.format)).path
            try Data(RuleTestRunner.contents(of: input).utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        var options = ReadOptions()
        options.showsProgress = false
        var events: [Event] = []
        _ = try SourceReader(options: options).read(
            paths: paths, onEvent: { events.append($0) }, onMalformed: { XCTFail("\(test.name): malformed \($0.origin): \($0.reason)") })
        return events
    }

    /// Every inline test of every built-in rule, firing and quiet.
    private func scenarios() throws -> [Scenario] {
        let pack = try RulePack.builtIn()
        XCTAssertTrue(pack.rules.contains { $0.language == .builtin } && pack.rules.contains { $0.language != .builtin })
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-evaluate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var out: [Scenario] = []
        for rule in pack.rules {
            XCTAssertFalse(rule.tests.isEmpty, "\(rule.id) has inline tests")
            for (k, test) in rule.tests.enumerated() {
                let testDir = dir.appendingPathComponent("\(rule.id)-\(k)")
                try FileManager.default.createDirectory(at: testDir, withIntermediateDirectories: true)
                let events = try events(of: test, in: testDir)
                let last = events.compactMap(\.timestampMillis).max()
                let explicitNow = test.now.flatMap(Timestamp.parse)
                let defaults = DetectionContext(nowMillis: 0)
                let context = DetectionContext(
                    nowMillis: explicitNow ?? last ?? 0, nowIsExplicit: explicitNow != nil,
                    baselineMillis: test.baselineMillis ?? defaults.baselineMillis,
                    detectionWindowMillis: test.detectionWindowMillis ?? defaults.detectionWindowMillis)
                var tested = rule
                tested.parameters = rule.parameters.merging(test.parameters)
                out.append(Scenario(
                    name: "\(rule.id): \(test.name)", rule: tested, events: events, context: context, expectsFindings: test.expectedFindings > 0))
            }
        }
        return out
    }

    // MARK: - Comparing

    /// A finding as one line holding everything it carries (`Finding` holds tuples, so it is not `Equatable`).
    private static func canonical(_ f: Finding) -> String {
        func pairs(_ p: [(String, Value)]) -> String { p.map { "\($0.0)=\(String(reflecting: $0.1))" }.joined(separator: ",") }
        return [
            f.ruleID, f.title, "\(f.severity)", "\(f.riskScore)", f.attack.joined(separator: ","), f.firstSeen.map { "\($0)" } ?? "-",
            f.lastSeen.map { "\($0)" } ?? "-", "\(f.count)", pairs(f.entities), pairs(f.evidence), pairs(f.fields),
            f.sources.joined(separator: ","), f.summary,
        ].joined(separator: "|")
    }

    /// The ranked findings, the rules run and the warnings of a result, as lines.
    private static func canonical(_ r: HuntResult) -> [String] {
        r.findings.map(canonical) + ["rules: " + r.rulesRun.joined(separator: ",")] + r.warnings.map { "warning: " + $0 }
    }

    /// What `finish()` gives after `events`, from a new engine.
    private func hunt(_ rules: [Rule], _ context: DetectionContext, _ events: ArraySlice<Event>) throws -> HuntResult {
        let engine = try HuntEngine(rules: rules, context: context)
        for e in events { engine.observe(e) }
        return engine.finish()
    }

    /// Evaluates an engine at a quarter, half and three quarters of `events` and at the end, and
    /// checks each evaluation against a hunt of the events so far and the end against a plain hunt.
    /// Returns how many findings the plain hunt gave and whether some evaluation differed from it.
    @discardableResult
    private func assertEvaluationsMatch(
        _ name: String, rules: [Rule], context: DetectionContext, events: [Event], file: StaticString = #filePath, line: UInt = #line
    ) throws -> (findings: Int, sawChange: Bool) {
        let plain = try hunt(rules, context, events[...])
        let expected = Self.canonical(plain)
        let engine = try HuntEngine(rules: rules, context: context)
        var fed = 0
        var sawChange = false
        for cut in [events.count / 4, events.count / 2, events.count * 3 / 4] {
            while fed < cut {
                engine.observe(events[fed])
                fed += 1
            }
            let evaluated = Self.canonical(engine.evaluate())
            XCTAssertEqual(evaluated, Self.canonical(try hunt(rules, context, events[..<cut])), "\(name): evaluated after \(cut) of \(events.count) events", file: file, line: line)
            if evaluated != expected { sawChange = true }
        }
        while fed < events.count {
            engine.observe(events[fed])
            fed += 1
        }
        XCTAssertEqual(Self.canonical(engine.evaluate()), expected, "\(name): evaluated at the end", file: file, line: line)
        XCTAssertEqual(Self.canonical(engine.evaluate()), expected, "\(name): evaluated twice at the end", file: file, line: line)
        XCTAssertEqual(Self.canonical(engine.finish()), expected, "\(name): finished after evaluating", file: file, line: line)
        return (plain.findings.count, sawChange)
    }

    // MARK: - Tests

    func testEvaluateMatchesFinishForEveryRuleTest() throws {
        let all = try scenarios()
        var rulesCovered = Set<String>()
        var changed = 0
        for s in all {
            let (findings, sawChange) = try assertEvaluationsMatch(s.name, rules: [s.rule], context: s.context, events: s.events)
            if s.expectsFindings {
                XCTAssertGreaterThan(findings, 0, "\(s.name): the firing test fires in a hunt")
                rulesCovered.insert(s.rule.id)
            }
            if sawChange { changed += 1 }
        }
        let pack = try RulePack.builtIn()
        XCTAssertEqual(rulesCovered, Set(pack.rules.map(\.id)), "every rule fired in some test")
        XCTAssertGreaterThan(changed, 0, "some evaluation before the end differs from the final findings")
    }

    func testEvaluateMatchesFinishForTheWholePackInOneEngine() throws {
        let all = try scenarios().filter(\.expectsFindings)
        let pack = try RulePack.builtIn()
        // The firing tests' events together, ordered by time as a live stream delivers them.
        let events = all.flatMap(\.events).enumerated().sorted {
            ($0.element.timestampMillis ?? 0, $0.offset) < ($1.element.timestampMillis ?? 0, $1.offset)
        }.map(\.element)
        let last = try XCTUnwrap(events.compactMap(\.timestampMillis).max())
        let (findings, sawChange) = try assertEvaluationsMatch(
            "whole pack", rules: pack.rules, context: DetectionContext(nowMillis: last), events: events)
        XCTAssertGreaterThan(findings, 0)
        XCTAssertTrue(sawChange, "findings grow as the stream goes on")
    }

    func testEvaluateLeavesTheEngineTakingEvents() throws {
        let scenario = try XCTUnwrap(try scenarios().first { $0.rule.language == .builtin && $0.expectsFindings && $0.events.count >= 4 })
        let engine = try HuntEngine(rules: [scenario.rule], context: scenario.context)
        let copy = engine.copy()
        for e in scenario.events {
            engine.observe(e)
            _ = engine.evaluate()
        }
        XCTAssertEqual(Self.canonical(copy.finish()), Self.canonical(try hunt([scenario.rule], scenario.context, [])), "the copy saw none of the events")
        XCTAssertEqual(Self.canonical(engine.finish()), Self.canonical(try hunt([scenario.rule], scenario.context, scenario.events[...])))
    }

    func testWatermarkReachesQueryRules() throws {
        let rule = try RuleLoader.parse("""
            id: publishes-per-minute
            title: Direct SMS publishes per minute
            description: Counts SNS Publish calls to phone numbers per caller and minute, in closed minutes.
            severity: low
            attack: [T1496.003]
            sources: [cloudtrail]
            language: esql
            query: |-
              from logs-aws.cloudtrail-*
              | WHERE event.provider == "sns.amazonaws.com" AND event.action == "Publish"
              | STATS publishes = COUNT(*) BY minute = DATE_TRUNC(1 minute, @timestamp), source.address
            finding:
              entities: [source.address]
              count: publishes
              window: minute
              window_length: 1m
              summary: "{publishes} publishes from {source.address}"
            """)
        let t0 = Timestamp.parse("2026-11-22T10:00:00Z")!
        func publish(_ t: Int64, _ n: Int) throws -> Event {
            let record = """
                {"Records":[{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLEPUMP",\
                "arn":"arn:aws:iam::111122223333:user/pump","accountId":"111122223333"},"eventTime":"\(Timestamp.iso8601(millis: t))",\
                "eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9",\
                "userAgent":"aws-cli/2.18.17 md/awscrt#0.22.0","requestParameters":{"phoneNumber":"+1555000\(1000 + n)","message":"HIDDEN_DUE_TO_SECURITY_REASONS"},\
                "responseElements":{"messageId":"0f0e0000-0000-4000-8000-00000000\(1000 + n)"},"requestID":"req-\(n)","eventID":"evt-\(n)",\
                "readOnly":false,"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333","eventCategory":"Data"}]}
                """
            return try XCTUnwrap(Normalizer.events(format: .cloudtrail, record: try JSONParser.parse(record), origin: Origin(file: "cloudtrail.json", line: n)).first)
        }
        let context = DetectionContext(nowMillis: t0 + 3_600_000)
        let engine = try HuntEngine(rules: [rule], context: context)
        let unwatched = try HuntEngine(rules: [rule], context: context)
        for n in 0..<5 {
            let e = try publish(t0 + Int64(n) * 5_000, n)
            engine.observe(e)
            unwatched.observe(e)
        }
        // The 10:00 minute closes; a late publish in it opens a new group, as on a live stream.
        engine.advanceWatermark(to: t0 + 120_000)
        let late = try publish(t0 + 45_000, 5)
        engine.observe(late)
        unwatched.observe(late)
        let evaluated = engine.evaluate()
        XCTAssertEqual(evaluated.findings.map(\.count).sorted(), [1, 5], "the closed minute was reported before the late event")
        XCTAssertEqual(unwatched.evaluate().findings.map(\.count), [6])
        XCTAssertEqual(Self.canonical(engine.finish()), Self.canonical(evaluated))
    }
}
