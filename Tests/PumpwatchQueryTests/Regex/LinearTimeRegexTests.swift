import Foundation
import XCTest
@testable import PumpwatchQuery

/// Checks `LinearTimeRegex` against `NSRegularExpression` (ICU, a backtracking engine) on the
/// kinds of text the queries see, and that the patterns that make backtracking engines hang finish.
final class LinearTimeRegexTests: XCTestCase {
    static let texts: [String] = [
        "api.twilio.com",
        "verify.twilio.com",
        "sns.us-east-1.amazonaws.com",
        "xn--80ak6aa92e.com",
        "login.example.co.uk",
        "aws-cli/2.18.17 md/awscrt#0.22.0 ua/2.0 os/linux#6.1.0-26-amd64 md/arch#x86_64 lang/python#3.12.6",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "python-requests/2.31.0",
        "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.213 md/arch#x86_64 lang/python#3.11.8 cfg/retry-mode#legacy Botocore/1.34.69",
        "+15550001234",
        "+44 7700 900123",
        "+2348031234567",
        "(555) 010-9999",
        "arn:aws:iam::123456789012:user/ci-deploy",
        "arn:aws:sts::123456789012:assumed-role/OrganizationAccountAccessRole/attacker-session",
        "arn:aws:sns:us-east-1:123456789012:otp-topic",
        "203.0.113.45",
        "10.0.12.7:443",
        "2001:db8::8a2e:370:7334",
        "GET /api/v1/otp/send?phone=%2B15550001234 HTTP/1.1",
        "POST /auth/forgot-password HTTP/2.0",
        "2026-11-22T10:00:00Z",
        "22/Nov/2026:10:00:00 +0000",
        "ERROR 2026-11-22 10:00:00,123 sms-gateway: rate limit exceeded for +15550001234",
        "Kraków Ümlaut straße ÄÖÜ",
        "DnsRequest twilio",
        "line one\nline two\n",
        "trailing newline\n",
        "",
        "aaaa",
        "a_b-c d\te",
    ]

    static let patterns: [String] = [
        "twilio", "TWILIO", "^api\\.", "\\.com$", "(?i)TWILIO\\.COM", "^[a-z0-9.-]+\\.(com|net|org)$",
        "(?<sub>[a-z]+)\\.(?<domain>twilio|amazonaws)\\.com", "xn--[a-z0-9]+", "\\.co\\.uk$|\\.com$",
        "^(aws-cli|Boto3|python-requests)/(\\d+)\\.(\\d+)", "os/(\\w+)#([\\d.]+)", "Chrome/(\\d+)(?:\\.\\d+){3}",
        "\\(([^)]*)\\)", "lang/python#3\\.1[0-2]", "[Mm]ozilla|[Cc]url|[Pp]ython",
        "^\\+\\d{10,15}$", "^\\+(\\d{1,3})(\\d{3})", "^\\+(1|44|234)\\s?(\\d+)", "\\+?\\(?\\d{3}\\)?[ -]?\\d{3}-\\d{4}",
        "\\d+", "\\D+", "^\\+234[78]0\\d{8}$",
        "^arn:aws:(iam|sts|sns)::?(\\d{12})?:?(.*)$", "arn:aws:iam::(?<account>\\d{12}):user/(?<user>[\\w+=,.@-]+)",
        "assumed-role/([^/]+)/(.+)", ":(\\d{12}):", "^arn:aws:sns:([a-z0-9-]+):",
        "^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$", "^10\\.", ":(\\d+)$", "^[0-9a-f:]+$",
        "(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}",
        "^(GET|POST) (\\S+) HTTP/([\\d.]+)$", "/otp/|/forgot-password", "phone=([^& ]+)", "\\?(.*)",
        "^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2})", "\\d{2}/\\w{3}/\\d{4}", "Z$",
        "^(?:ERROR|WARN)\\s+(\\S+ \\S+)\\s+([\\w-]+):\\s+(.*)$", "rate limit", "(?i)RATE\\s+LIMIT",
        "straße", "(?i)KRAKÓW", "\\w+", "[^\\x00-\\x7F]+", "\\bline\\b", "^line", "(?m)^line (\\w+)$", "two$",
        "(?s)one.line", "one.line", "\\Aline", "newline\\Z", "newline\\z",
        "a*", "a*?", "(a|ab)(c|bcd)?", "(a+)(a*)", "(a+?)(a*)", "(a*)+", "(a|b)*?", "a{2}", "a{2,}", "a{1,3}?",
        "(x)?a", "^$", "\\s", "[\\s_-]", "[a-c[:digit:]]+", "\\bd\\b", "\\B", "[\\w.]+@", "(?i)[A-Z]+",
        "(?i:A)A", "(a)|b", "(?:)", "\\Qa.b\\E|aaa", "\\x41|\\u00e4|\\x{1F600}", "[^aeiou\\s]{3}", "\\p{Lu}\\p{Ll}+",
        "(?<=\\.)com", "\\d(?![0-9])", "(?<![0-9])\\d{3}", "(?=t)twilio", "x*y*z*", "(a|)+b", "(?x) twilio # comment",
    ]

    func testAgreesWithNSRegularExpressionOnRealisticText() throws {
        var checked = 0
        for pattern in Self.patterns {
            let ours = try LinearTimeRegex(pattern)
            let icu = try NSRegularExpression(pattern: pattern)
            for text in Self.texts {
                assertAgreement(ours, icu, pattern: pattern, text: text)
                checked += 1
            }
        }
        XCTAssertEqual(checked, Self.patterns.count * Self.texts.count)
    }

    func testCaseInsensitiveOptionAgrees() throws {
        for pattern in ["twilio", "^API\\.", "[A-F]+", "(?-i)Twilio", "[^a-z]+", "ümlaut", "Straße", "arn:AWS:iam"] {
            let ours = try LinearTimeRegex(pattern, caseInsensitive: true)
            let icu = try NSRegularExpression(pattern: pattern, options: .caseInsensitive)
            for text in Self.texts { assertAgreement(ours, icu, pattern: "(?i)" + pattern, text: text) }
        }
    }

    func testAnchoredMatchesTheWholeText() throws {
        for pattern in ["twilio", ".*twilio.*", "api\\.twilio\\.com", "\\+\\d+", "a|aaaa", "[a-z.]+", "line.*", "arn:aws:.*"] {
            let ours = try LinearTimeRegex(pattern, anchored: true)
            let icu = try NSRegularExpression(pattern: "\\A(?:\(pattern))\\z")
            for text in Self.texts { assertAgreement(ours, icu, pattern: "anchored " + pattern, text: text) }
        }
        let rlike = try LinearTimeRegex(".*twilio.*", anchored: true)
        XCTAssertTrue(rlike.matches("api.twilio.com"))
        XCTAssertFalse(rlike.matches("trailing twilio\n"), "a whole-text match does not stop before a final newline")
        XCTAssertFalse(try LinearTimeRegex("twilio", anchored: true).matches("api.twilio.com"))
    }

    func testNamedGroupsMayHoldDots() throws {
        let r = try LinearTimeRegex(#"(?<client.ip>\d+\.\d+\.\d+\.\d+) (?<http.method>[A-Z]+)"#)
        let m = try XCTUnwrap(r.firstMatch(in: "203.0.113.45 GET /api/v1/otp/send"))
        XCTAssertEqual(m.group(named: "client.ip"), "203.0.113.45")
        XCTAssertEqual(m.group(named: "http.method"), "GET")
        XCTAssertEqual(r.groupNames, [nil, "client.ip", "http.method"])
    }

    func testCatastrophicPatternsFinishWithTheRightAnswer() throws {
        let thirtyA = String(repeating: "a", count: 30)
        let thirtyX = String(repeating: "x", count: 30)
        XCTAssertFalse(try LinearTimeRegex("(a+)+$").matches(thirtyA + "!"))
        XCTAssertTrue(try LinearTimeRegex("(a+)+$").matches(thirtyA))
        XCTAssertFalse(try LinearTimeRegex("(a|a)*b").matches(thirtyA))
        XCTAssertTrue(try LinearTimeRegex("(a|a)*b").matches(thirtyA + "b"))
        XCTAssertFalse(try LinearTimeRegex("(x+x+)+y").matches(thirtyX))
        XCTAssertTrue(try LinearTimeRegex("(x+x+)+y").matches(thirtyX + "y"))
        XCTAssertFalse(try LinearTimeRegex("^(a+)+$", anchored: true).matches(thirtyA + "!"))
        // Groups of the catastrophic patterns, as a backtracking engine reports them.
        let m = try XCTUnwrap(try LinearTimeRegex("(x+x+)+y").firstMatch(in: thirtyX + "y"))
        XCTAssertEqual(m.group(0).map(String.init), thirtyX + "y")
        XCTAssertEqual(m.group(1).map(String.init), thirtyX)
        // A long text: 100,000 characters against a nested quantifier.
        let long = String(repeating: "a", count: 100_000) + "!"
        XCTAssertFalse(try LinearTimeRegex("(a*)*b").matches(long))
        XCTAssertNil(try LinearTimeRegex("(a|aa)+$").firstMatch(in: long))
    }

    func testReplacementAgreesWithNSRegularExpression() throws {
        let cases: [(String, String, String)] = [
            ("\\d", "+15550001234", "#"),
            ("(\\d{3})(\\d{4})$", "+15550001234", "$1-$2"),
            ("b*", "abc", "-"),
            ("x*", "abc", "<$0>"),
            ("(?:)", "ab", "."),
            ("(a)|b", "abab", "[$1]"),
            ("\\.", "api.twilio.com", "\\$"),
            ("(?<user>[^/]+)$", "arn:aws:iam::123456789012:user/ci-deploy", "***"),
            ("twilio", "api.twilio.com", "$9"),
            ("ß", "straße straße", "ss"),
        ]
        for (pattern, text, template) in cases {
            let icu = try NSRegularExpression(pattern: pattern)
            let expected = icu.stringByReplacingMatches(in: text, range: NSRange(location: 0, length: (text as NSString).length), withTemplate: template)
            XCTAssertEqual(try LinearTimeRegex(pattern).replacingMatches(in: text, with: template), expected, "/\(pattern)/ on \(text) with \(template)")
        }
    }

    func testLongInputIsSearchedInOnePass() throws {
        // A megabyte of log text with the match at the very end.
        let line = "GET /static/app.js HTTP/1.1 200 Mozilla/5.0\n"
        let text = String(repeating: line, count: 1_000_000 / line.utf8.count) + "POST /api/v1/otp/send HTTP/1.1 429\n"
        let r = try LinearTimeRegex(#"POST (\S+) HTTP/1\.1 (4\d\d)"#)
        let m = try XCTUnwrap(r.firstMatch(in: text))
        XCTAssertEqual(m.group(1), "/api/v1/otp/send")
        XCTAssertEqual(m.group(2), "429")
    }

    private func assertAgreement(_ ours: LinearTimeRegex, _ icu: NSRegularExpression, pattern: String, text: String, line: UInt = #line) {
        let ns = text as NSString
        let expected = icu.firstMatch(in: text, range: NSRange(location: 0, length: ns.length))
        let actual = ours.firstMatch(in: text)
        XCTAssertEqual(ours.matches(text), expected != nil, "match of /\(pattern)/ on \(text.debugDescription)", line: line)
        guard let expected else {
            XCTAssertNil(actual, "/\(pattern)/ on \(text.debugDescription)", line: line)
            return
        }
        guard let actual else {
            XCTFail("/\(pattern)/ finds no match in \(text.debugDescription); ICU finds one", line: line)
            return
        }
        XCTAssertEqual(expected.numberOfRanges, ours.captureCount + 1, "groups of /\(pattern)/", line: line)
        for k in 0..<min(expected.numberOfRanges, ours.captureCount + 1) {
            let r = expected.range(at: k)
            let want = r.location == NSNotFound ? nil : ns.substring(with: r)
            XCTAssertEqual(actual.group(k).map(String.init), want, "group \(k) of /\(pattern)/ on \(text.debugDescription)", line: line)
        }
    }
}
