import Foundation
import PumpwatchCore
import XCTest

@testable import PumpwatchDetect

/// `pumpwatch.yml`: a good config applies to the rules; each invalid one names its key, line and reason.
final class ConfigLoaderTests: XCTestCase {
    static let good = """
        baseline: 14d
        detection_window: 12h
        rules:
          burst: {enabled: true, severity: high, parameters: {threshold: 8, window: 2m}}
          logscale-sms-pumping: {enabled: false}
        suppress:
          aid: [5f1c0ffee0000000000000000000a001]
          computer_name: [APP-01]
          arn: ["arn:aws:iam::111122223333:role/notifications"]
          ip: [10.0.0.0/8, 203.0.113.9, "2001:db8::/32"]
          phone_prefix: ["+1555", +44 7700]
          path: [/healthz]
        """

    let rules = [
        Rule(id: "burst", title: "Burst", severity: .medium, riskScore: 50, sources: ["cloudtrail"], language: .esql, query: "FROM x",
             parameters: RuleParameters(["threshold": .int(5), "window": .string("5m"), "ratio": .double(0.5), "countries": .array([.string("SL")])]),
             findingMapping: FindingMapping(entities: ["a"])),
        Rule(id: "logscale-sms-pumping", title: "Seed", severity: .medium, language: .cql, query: "x", findingMapping: FindingMapping(entities: ["aid"])),
        Rule(id: "untouched", title: "Other", severity: .low, language: .cql, query: "x", findingMapping: FindingMapping(entities: ["aid"])),
    ]

    func testGoodConfigApplies() throws {
        let config = try ConfigLoader.parse(Self.good, file: "pumpwatch.yml")
        XCTAssertEqual(config.baselineMillis, 14 * 86_400_000)
        XCTAssertEqual(config.detectionWindowMillis, 12 * 3_600_000)
        XCTAssertEqual(config.context(nowMillis: 5, nowIsExplicit: true).baselineMillis, 14 * 86_400_000)
        XCTAssertEqual(config.suppression.entries.map(\.kind), [.aid, .computerName, .arn, .ip, .ip, .ip, .phonePrefix, .phonePrefix, .path])
        XCTAssertEqual(config.suppression.entries.filter { $0.kind == .phonePrefix }.map(\.value), ["+1555", "+447700"])
        XCTAssertEqual(config.suppression.entries[0].origin, "pumpwatch.yml:7")
        try config.validate(against: rules)

        let applied = config.apply(to: rules)
        XCTAssertEqual(applied.map(\.enabled), [true, false, true])
        XCTAssertEqual(applied[0].severity, .high)
        XCTAssertNil(applied[0].riskScore, "a new severity brings its own risk score")
        XCTAssertEqual(applied[0].effectiveRiskScore, 73)
        XCTAssertEqual(try applied[0].parameters.int("threshold", default: 0), 8)
        XCTAssertEqual(try applied[0].parameters.duration("window", default: 0), 120_000)
        XCTAssertEqual(try applied[0].parameters.double("ratio", default: 0), 0.5, "parameters the config leaves alone keep their value")
        XCTAssertEqual(applied[1].severity, .medium)
        XCTAssertEqual(applied[2].title, "Other")
    }

    func testEmptyConfigChangesNothing() throws {
        let config = try ConfigLoader.parse("# nothing yet\n")
        XCTAssertNil(config.baselineMillis)
        XCTAssertTrue(config.suppression.isEmpty)
        XCTAssertEqual(config.apply(to: rules).map(\.enabled), [true, true, true])
        XCTAssertEqual(config.context(nowMillis: 0, nowIsExplicit: false).baselineMillis, 7 * 86_400_000)
    }

    func variant(_ old: String, _ new: String) -> String {
        precondition(Self.good.contains(old), old)
        return Self.good.replacingOccurrences(of: old, with: new)
    }

    func assertRejects(_ text: String, key: String, line: Int?, reason: String, validate: Bool = false, file: StaticString = #filePath, lineNumber: UInt = #line) {
        XCTAssertThrowsError(try { () throws(RuleError) in
            let c = try ConfigLoader.parse(text, file: "pumpwatch.yml")
            if validate { try c.validate(against: rules) }
        }(), file: file, line: lineNumber) { error in
            guard let e = error as? RuleError else { return XCTFail("\(error)", file: file, line: lineNumber) }
            XCTAssertEqual(e.key, key, "\(e)", file: file, line: lineNumber)
            XCTAssertEqual(e.line, line, "\(e)", file: file, line: lineNumber)
            XCTAssertEqual(e.file, "pumpwatch.yml", file: file, line: lineNumber)
            XCTAssertTrue(e.reason.contains(reason), e.reason, file: file, line: lineNumber)
        }
    }

    func testYAMLErrorsNameALineOfTheText() {
        // A control character: libyaml gives a byte offset, which becomes the line holding it.
        assertRejects("baseline: 7d\ndetection_window: 1\u{01}d\n", key: "", line: 2, reason: "control characters are not allowed (column 20)")
        // An error at the end of a text without a final line break is on the last line, not past it.
        assertRejects("baseline: 7d\nrules", key: "", line: 2, reason: "could not find expected ':' (column 6)")
        assertRejects("baseline: 7d\nrules: [burst", key: "", line: 2, reason: "not valid YAML")
        assertRejects("---", key: "(document)", line: 1, reason: "expected a mapping of keys to values, found nothing")
        // Lines end at CR too, as YAML counts them (old Mac files), so lines past the last LF are real.
        assertRejects("baseline: 7d\r\rrules", key: "", line: 3, reason: "could not find expected ':' (column 6)")
        assertRejects("baseline: 7d\r\rsuppress:\r  path: [/healthz]\r  host: [x]\n", key: "suppress.host", line: 5, reason: "unknown key")
        assertRejects("baseline: 7d\r\n\rdetection_window: \u{01}", key: "", line: 3, reason: "control characters are not allowed (column 19)")
        assertRejects("baseline: 7d\r\nsuppress:\r\n  path: [/é\u{301}/x\u{02}]", key: "", line: 3, reason: "control characters are not allowed (column 15)")
    }

    func testUnknownKeys() {
        assertRejects(variant("baseline: 14d", "baseline: 14d\nbaseline_file: b.json"), key: "baseline_file", line: 2, reason: "unknown key; expected one of baseline, detection_window, rules, suppress")
        assertRejects(variant("{enabled: false}", "{enabled: false, muted: true}"), key: "rules.logscale-sms-pumping.muted", line: 5, reason: "unknown key")
        assertRejects(variant("  path: [/healthz]", "  path: [/healthz]\n  host: [x]"), key: "suppress.host", line: 13, reason: "unknown key")
    }

    func testWrongTypes() {
        assertRejects(variant("{enabled: false}", "{enabled: off}"), key: "rules.logscale-sms-pumping.enabled", line: 5, reason: "expected true or false, found the text 'off'")
        assertRejects(variant("severity: high", "severity: severe"), key: "rules.burst.severity", line: 4, reason: "expected low, medium, high or critical")
        assertRejects("baseline: 7d\nrules: [burst]\n", key: "rules", line: 2, reason: "expected a mapping")
        assertRejects(variant("  aid: [5f1c0ffee0000000000000000000a001]", "  aid: [{x: 1}]"), key: "suppress.aid[0]", line: 7, reason: "expected text")
        assertRejects(variant("threshold: 8", "threshold: eight"), key: "rules.burst.parameters.threshold", line: 4, reason: "expected a whole number", validate: true)
        assertRejects(variant("threshold: 8", "threshold: 8, ratio: lots"), key: "rules.burst.parameters.ratio", line: 4, reason: "expected a number", validate: true)
    }

    func testBadDurations() {
        assertRejects(variant("baseline: 14d", "baseline: 2 fortnights"), key: "baseline", line: 1, reason: "expected a duration")
        assertRejects(variant("detection_window: 12h", "detection_window: -1d"), key: "detection_window", line: 2, reason: "expected a duration")
        // Beyond 64-bit milliseconds: refused, not a crash.
        assertRejects(variant("detection_window: 12h", "detection_window: 333333333333333333333d"), key: "detection_window", line: 2, reason: "expected a duration")
        XCTAssertEqual(RuleParameters.parseDuration("106751991167d"), 106_751_991_167 * 86_400_000)
        XCTAssertNil(RuleParameters.parseDuration("106751991168d"))
        assertRejects(variant("window: 2m", "window: 2x"), key: "rules.burst.parameters.window", line: 4, reason: "expected a duration")
        assertRejects(variant("window: 2m", "window: true"), key: "rules.burst.parameters.window", line: 4, reason: "expected a duration", validate: true)
    }

    func testUnknownRuleAndParameter() {
        assertRejects(variant("  burst: {", "  bursts: {"), key: "rules.bursts", line: 4, reason: "no rule with this id; did you mean burst?", validate: true)
        assertRejects(variant("threshold: 8", "treshold: 8"), key: "rules.burst.parameters.treshold", line: 4, reason: "unknown parameter; rule burst takes countries, ratio, threshold, window", validate: true)
        assertRejects(variant("{enabled: false}", "{parameters: {threshold: 3}}"), key: "rules.logscale-sms-pumping.parameters.threshold", line: 5, reason: "takes no parameters", validate: true)
    }

    func testBadSuppressValues() {
        assertRejects(variant("10.0.0.0/8", "10.0.0.0/33"), key: "suppress.ip[0]", line: 10, reason: "prefix length must be 0 to 32")
        assertRejects(variant("10.0.0.0/8", "10.0.0/8"), key: "suppress.ip[0]", line: 10, reason: "not an IP address or CIDR block")
        assertRejects(variant("\"2001:db8::/32\"", "\"2001:db8::/129\""), key: "suppress.ip[2]", line: 10, reason: "0 to 128")
        assertRejects(variant("[\"+1555\", +44 7700]", "[\"+1555\", +44x]"), key: "suppress.phone_prefix[1]", line: 11, reason: "not a phone prefix")
        assertRejects(variant("[/healthz]", "[healthz]"), key: "suppress.path[0]", line: 12, reason: "must start with /")
        assertRejects(variant("[\"arn:aws:iam::111122223333:role/notifications\"]", "[role/notifications]"), key: "suppress.arn[0]", line: 9, reason: "not an ARN")
    }

    func testLoadFromFileValidatesAgainstRules() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-\(UUID().uuidString).yml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "rules:\n  nope: {enabled: false}\n".write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertNoThrow(try ConfigLoader.load(path: path))
        XCTAssertThrowsError(try ConfigLoader.load(path: path, rules: rules)) { error in
            XCTAssertEqual("\(error)", "\(path):2: rules.nope: no rule with this id; run 'pumpwatch rules list' for the ids")
        }
        XCTAssertThrowsError(try ConfigLoader.load(path: path + ".missing")) { error in
            XCTAssertEqual((error as? RuleError)?.reason, "cannot read the config file")
        }
    }
}
