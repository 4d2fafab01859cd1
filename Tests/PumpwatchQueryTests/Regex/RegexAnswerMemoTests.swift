import PumpwatchCore
import XCTest

@testable import PumpwatchQuery

/// The evaluator remembers regex answers by text; what it answers is what running the regex answers,
/// for repeated texts, texts outside ASCII, several patterns, and past the memo's size.
final class RegexAnswerMemoTests: XCTestCase {
    func testRememberedAnswersAreTheRegexAnswers() {
        let evaluator = ExpressionEvaluator(context: ExecutionContext(dialect: .cql, nowMillis: 0))
        let reference = RegexCache()
        let patterns = [
            StringPattern(.regex(#"(api\.twilio\.com|sns\.amazonaws\.com)"#), caseInsensitive: true, anchored: false),
            StringPattern(.regex(#"\.(exe|py)$"#), caseInsensitive: true, anchored: false),
            StringPattern(.regex(#"caf.$"#), caseInsensitive: false, anchored: true),
        ]
        var texts = ["api.twilio.com", "API.TWILIO.COM", "example.org", "send.py", "x.EXE", "café", "cafe\u{301}", "cafx", ""]
        texts += (0..<(ExpressionEvaluator.regexAnswerLimit + 50)).map { "host\($0).sns.amazonaws.com\($0 % 3 == 0 ? ".evil" : "")" }
        var matched = 0
        for round in 0..<2 {
            for text in texts {
                for p in patterns {
                    guard case .regex(let r) = p.kind else { continue }
                    let expected = reference.matches(r, caseInsensitive: p.caseInsensitive, anchored: p.anchored, in: text)
                    XCTAssertEqual(evaluator.matches(p, text), expected, "round \(round), \(p), \(text)")
                    if expected { matched += 1 }
                }
            }
        }
        // Both answers occur: the comparison above is not all "false".
        XCTAssertGreaterThan(matched, 1000)
        XCTAssertLessThan(matched, texts.count * patterns.count * 2)
    }
}
