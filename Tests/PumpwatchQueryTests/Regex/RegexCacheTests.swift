import PumpwatchCore
import XCTest
@testable import PumpwatchQuery

/// The query operators that run regexes, on `LinearTimeRegex` through `RegexCache`.
final class RegexCacheTests: XCTestCase {
    let userAgents: [[String: Value]] = [
        ["user_agent.original": .string("aws-cli/2.18.17 md/awscrt#0.22.0 ua/2.0 os/linux#6.1.0-26-amd64")],
        ["user_agent.original": .string("Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.213")],
        ["user_agent.original": .string("python-requests/2.31.0")],
    ]

    func testCompileReportsWhyAndWhereAndCachesTheAnswer() {
        let cache = RegexCache()
        XCTAssertThrowsError(try cache.compile(#"(\d)\1"#, caseInsensitive: false, anchored: false)) { error in
            XCTAssertEqual((error as? RegexSyntaxError)?.position, 5)
        }
        XCTAssertNil(cache.regex(#"(\d)\1"#, caseInsensitive: false, anchored: false))
        XCTAssertFalse(cache.matches(#"(\d)\1"#, caseInsensitive: false, anchored: false, in: "11"))
        let r = cache.regex("twilio", caseInsensitive: true, anchored: false)
        XCTAssertTrue(r === cache.regex("twilio", caseInsensitive: true, anchored: false))
        XCTAssertFalse(r === cache.regex("twilio", caseInsensitive: false, anchored: false))
    }

    func testRLIKEMatchesTheWholeValueAndCQLRegexAnywhere() {
        let rlike = Expression.patternMatch(.field("user_agent.original"), StringPattern(.regex("aws-cli/.*"), anchored: true), negated: false)
        XCTAssertEqual(runPlan(.filter(esqlSource, rlike), userAgents).count, 1)
        let partial = Expression.patternMatch(.field("user_agent.original"), StringPattern(.regex("aws-cli"), anchored: true), negated: false)
        XCTAssertEqual(runPlan(.filter(esqlSource, partial), userAgents).count, 0)
        let cql = Expression.fieldMatch(field: "user_agent.original", StringPattern(.regex("OS/LINUX#5"), caseInsensitive: true, anchored: false), negated: false)
        XCTAssertEqual(lines(runPlan(.filter(cqlSource, cql), userAgents, dialect: .cql)).count, 1)
    }

    func testCatastrophicFilterFinishes() {
        let rows: [[String: Value]] = [["m": .string(String(repeating: "a", count: 40) + "!")], ["m": .string("aaaa")]]
        let filter = Expression.fieldMatch(field: "m", StringPattern(.regex("(a+)+$"), anchored: false), negated: false)
        XCTAssertEqual(lines(runPlan(.filter(cqlSource, filter), rows, dialect: .cql)), ["m=aaaa"])
    }

    func testExtractWarnsWithThePositionOfAnUnsupportedConstruct() {
        let p = ExtractPattern(source: #"(?<word>\w+) \k<word>"#, regex: #"(?<word>\w+) \k<word>"#, groupNames: ["word"], dropUnmatched: true)
        let ex = QueryExecutor(plan: .extract(cqlSource, field: .field("m"), pattern: p), context: ExecutionContext(dialect: .cql, nowMillis: 0))
        ex.push(row: Row(values: ["m": .string("otp otp")]))
        XCTAssertEqual(ex.finish().count, 0)
        XCTAssertEqual(ex.diagnostics.warnings, [
            #"invalid regular expression: (?<word>\w+) \k<word>: regex: backreferences are not supported (they can take exponential time) at position 14 of the pattern"#,
        ])
    }

    func testExtractTakesGroupsAsABacktrackingEngineDoes() {
        let p = ExtractPattern(
            source: "x", regex: #"^(?<client>[\w-]+)/(?<version>\d+(?:\.\d+)*)(?: (?<rest>.*?))?$"#, groupNames: ["client", "version", "rest"],
            dropUnmatched: true)
        XCTAssertEqual(lines(runPlan(.extract(cqlSource, field: .field("user_agent.original"), pattern: p), userAgents, dialect: .cql)), [
            "user_agent.original=aws-cli/2.18.17 md/awscrt#0.22.0 ua/2.0 os/linux#6.1.0-26-amd64 client=aws-cli version=2.18.17 rest=md/awscrt#0.22.0 ua/2.0 os/linux#6.1.0-26-amd64",
            "user_agent.original=Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#5.10.213 client=Boto3 version=1.34.69 rest=md/Botocore#1.34.69 ua/2.0 os/linux#5.10.213",
            "user_agent.original=python-requests/2.31.0 client=python-requests version=2.31.0",
        ])
    }

    func testReplaceUsesGroupReferencesAndKeepsBackslashes() {
        let call = Expression.call("replace", [.field("phone"), .literal(.string(#"^\+(\d{2})\d+(\d{4})$"#)), .literal(.string(#"+$1\***$2"#))])
        let plan = LogicalPlan.eval(esqlSource, [Assignment(name: "masked", expression: call)])
        XCTAssertEqual(lines(runPlan(plan, [["phone": .string("+447700900123")]])), [#"phone=+447700900123 masked=+44\***0123"#])
    }
}
