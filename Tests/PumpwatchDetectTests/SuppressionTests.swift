import Foundation
import PumpwatchCore
import XCTest

@testable import PumpwatchDetect

/// Suppression by kind: IPs and CIDRs, ARNs, phone prefixes, paths, aids, host names and plain values.
final class SuppressionTests: XCTestCase {
    func finding(_ entities: [(String, Value)], fields: [(String, Value)] = []) -> Finding {
        Finding(ruleID: "r", title: "R", severity: .high, attack: ["T1496.003"], firstSeen: nil, lastSeen: nil, count: 1, entities: entities, fields: fields, summary: "")
    }

    func suppression(_ pairs: [(String, SuppressionKind)]) -> Suppression {
        var s = Suppression()
        for (v, k) in pairs { XCTAssertNil(s.add(v, as: k), v) }
        return s
    }

    func testIPsAndCIDRsMatchAnyIPValuedEntityOrField() {
        let s = suppression([("10.0.0.0/8", .ip), ("203.0.113.9", .ip), ("2001:db8::/32", .ip)])
        XCTAssertTrue(s.suppresses(finding([("source.address", .string("10.4.5.6"))])))
        XCTAssertTrue(s.suppresses(finding([("RemoteAddressIP4", .string("203.0.113.9"))])))
        XCTAssertTrue(s.suppresses(finding([("client.ip", .string("2001:db8::1"))])))
        XCTAssertTrue(s.suppresses(finding([("aid", .string("x"))], fields: [("source.ip", .string("10.0.0.1"))])))
        XCTAssertTrue(s.suppresses(finding([("source.ip", .array([.string("198.51.100.1"), .string("10.9.9.9")]))])))
        XCTAssertFalse(s.suppresses(finding([("source.address", .string("203.0.113.10"))])))
        XCTAssertFalse(s.suppresses(finding([("source.address", .string("11.0.0.1")), ("note", .string("10.0.0.0/8"))])))
        XCTAssertEqual(s.match(finding([("source.ip", .string("10.1.1.1"))]))?.value, "10.0.0.0/8")
    }

    func testARNs() {
        let s = suppression([("arn:aws:iam::111122223333:role/notifications", .arn), ("arn:aws:iam::444455556666:user/ci-*", .arn)])
        XCTAssertTrue(s.suppresses(finding([("aws.cloudtrail.user_identity.arn", .string("arn:aws:iam::111122223333:role/notifications"))])))
        XCTAssertTrue(s.suppresses(finding([("caller", .string("arn:aws:sts::111122223333:assumed-role/notifications/i-0abc"))])), "a role's sessions")
        XCTAssertFalse(s.suppresses(finding([("caller", .string("arn:aws:sts::999999999999:assumed-role/notifications/i-0abc"))])), "another account's role")
        XCTAssertTrue(s.suppresses(finding([("arn", .string("arn:aws:iam::444455556666:user/ci-runner-7"))])))
        XCTAssertFalse(s.suppresses(finding([("arn", .string("arn:aws:iam::111122223333:role/notifications-old"))])))
    }

    func testPhonePrefixes() {
        let s = suppression([("+1555", .phonePrefix), ("+44 7700", .phonePrefix)])
        XCTAssertTrue(s.suppresses(finding([("destination", .string("+15550001234"))])))
        XCTAssertTrue(s.suppresses(finding([("number_block", .string("+4477009001xx"))])))
        XCTAssertTrue(s.suppresses(finding([("phone_number", .string("15550009999"))])), "E.164 digits without + in a number entity")
        XCTAssertFalse(s.suppresses(finding([("count", .string("15550009999"))])), "digits in a non-number entity")
        XCTAssertFalse(s.suppresses(finding([("destination", .string("+23276000000"))])))
        XCTAssertEqual(Suppression().merging(s).entries.map(\.value), ["+1555", "+447700"])
    }

    func testPaths() {
        let s = suppression([("/healthz", .path), ("/internal/*", .path)])
        XCTAssertTrue(s.suppresses(finding([("url.path", .string("/healthz"))])))
        XCTAssertTrue(s.suppresses(finding([("url.path", .string("/healthz?probe=1"))])))
        XCTAssertTrue(s.suppresses(finding([("url.path", .string("/internal/otp/test"))])))
        XCTAssertFalse(s.suppresses(finding([("url.path", .string("/api/auth/send-otp"))])))
        XCTAssertFalse(s.suppresses(finding([("ComputerName", .string("/healthz"))])), "paths match path entities only")
    }

    func testAidsAndHostNames() {
        let s = suppression([("5F1C0FFEE0000000000000000000A001", .aid), ("app-01", .computerName)])
        XCTAssertTrue(s.suppresses(finding([("aid", .string("5f1c0ffee0000000000000000000a001"))])))
        XCTAssertTrue(s.suppresses(finding([("ComputerName", .string("APP-01"))])))
        XCTAssertTrue(s.suppresses(finding([("host.name", .string("App-01"))])))
        XCTAssertFalse(s.suppresses(finding([("user.name", .string("app-01"))])), "a host name matches host entities only")
    }

    func testSuppressFileClassifiesEachValue() throws {
        let text = """
            # known senders
            10.0.0.0/8
            203.0.113.9   # the office NAT
            arn:aws:iam::111122223333:role/notifications
            +1555
            /healthz
            APP-01
            5f1c0ffee0000000000000000000a001

            """
        let s = try Suppression.parse(text, file: "suppress.txt")
        XCTAssertEqual(s.entries.map(\.kind), [.ip, .ip, .arn, .phonePrefix, .path, .value, .value])
        XCTAssertEqual(s.entries[1].value, "203.0.113.9")
        XCTAssertEqual(s.entries[1].origin, "suppress.txt:3")
        XCTAssertTrue(s.suppresses(finding([("ComputerName", .string("app-01"))])), "exact values match case-insensitively")
        XCTAssertTrue(s.suppresses(finding([("aid", .string("5F1C0FFEE0000000000000000000A001"))])))
        XCTAssertTrue(s.suppresses(finding([("DomainName", .string("api.twilio.com"))], fields: [("ComputerName", .string("APP-01"))])))
        XCTAssertFalse(s.suppresses(finding([("DomainName", .string("api.twilio.com"))], fields: [("Note", .string("APP-01"))])))

        XCTAssertThrowsError(try Suppression.parse("10.0.0.0/8\n10.0.0.0/40\n", file: "s.txt")) { error in
            XCTAssertEqual((error as? RuleError)?.line, 2)
            XCTAssertEqual((error as? RuleError)?.file, "s.txt")
            XCTAssertTrue((error as? RuleError)?.reason.contains("prefix length") ?? false)
        }
        XCTAssertThrowsError(try Suppression.parse("+\n")) { error in
            XCTAssertTrue((error as? RuleError)?.reason.contains("not a phone prefix") ?? false)
        }
        XCTAssertEqual(Suppression.classify("2001:db8::1"), .ip)
        XCTAssertEqual(Suppression.classify("/api/*"), .path)
        XCTAssertEqual(Suppression.classify("WEB-03"), .value)
    }

    func testFilterCountsPerKind() throws {
        let config = try ConfigLoader.parse("suppress:\n  ip: [10.0.0.0/8]\n  computer_name: [APP-01]\n")
        let s = config.suppression.merging(try Suppression.parse("+1555\n"))
        let findings = [
            finding([("source.ip", .string("10.1.1.1"))]), finding([("source.ip", .string("10.1.1.2"))]),
            finding([("ComputerName", .string("app-01"))]), finding([("destination", .string("+15551234567"))]),
            finding([("source.ip", .string("198.51.100.1"))]),
        ]
        let (kept, suppressed) = s.filter(findings)
        XCTAssertEqual(kept.count, 1)
        XCTAssertEqual(kept.first?.entity("source.ip"), .string("198.51.100.1"))
        XCTAssertEqual(suppressed, [.ip: 2, .computerName: 1, .phonePrefix: 1])
    }
}
