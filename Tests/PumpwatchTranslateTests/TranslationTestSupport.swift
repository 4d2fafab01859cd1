import Foundation
import PumpwatchDetect
import PumpwatchQuery
import XCTest

@testable import PumpwatchTranslate

/// The queries every generator is checked on, with the golden text of each translation in
/// `Golden/<query>.<target>.txt` (or the refusal in `Golden/<query>.<target>.error`).
enum GoldenQueries {
    static let all: [(name: String, language: QueryLanguage, text: String)] = [
        ("logscale-seed", .cql, SeedQueries.logScale),
        ("sns-seed", .esql, SeedQueries.snsDirectToPhone),
        ("cql-not-equal", .cql, #"#event_simpleName = "DnsRequest" DomainName != "www.google.com" | groupBy(ComputerName)"#),
        ("cql-ports-sort", .cql, "#event_simpleName=NetworkConnectIP4 | groupBy([ComputerName, RemotePort], function=[count(as=n), max(ContextTimeStamp, as=last)]) | n > 150 | sort(n, limit=5)"),
        ("esql-like-not-in", .esql, #"FROM logs-aws.cloudtrail-* | WHERE user_agent.original LIKE "aws-cli/*" AND NOT event.action IN ("Publish", "ForgotPassword") | STATS n = COUNT(*) BY cloud.region | SORT n DESC | LIMIT 1"#),
        ("esql-cognito-keep", .esql, #"FROM logs-aws.cloudtrail-* | WHERE event.provider == "cognito-idp.amazonaws.com" AND source.address != "198.51.100.20" | EVAL hour = DATE_TRUNC(1 hour, @timestamp) | STATS n = COUNT(*), first = MIN(@timestamp) BY hour, source.address | WHERE n >= 5 | KEEP source.address, n, first"#),
    ]

    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }
}

extension XCTestCase {
    /// The translation of `text`, or the refusal as the command prints it.
    func translation(_ language: QueryLanguage, _ text: String, to target: TranslationTarget, overrides: FieldMapping? = nil) throws -> Result<String, TranslationError> {
        let plan = try language.plan(text)
        do {
            return .success(try Translator.translate(plan, to: target, overrides: overrides))
        } catch let error as TranslationError {
            return .failure(error)
        }
    }

    /// The translation of `text`, failing the test on a refusal.
    func translate(_ language: QueryLanguage, _ text: String, to target: TranslationTarget, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        switch try translation(language, text, to: target) {
        case .success(let s): return s
        case .failure(let e):
            XCTFail("refused: \(e)", file: file, line: line)
            return ""
        }
    }

    /// The refusal of `text`, failing the test when it translates.
    func refusal(_ language: QueryLanguage, _ text: String, to target: TranslationTarget, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        switch try translation(language, text, to: target) {
        case .success(let s):
            XCTFail("translated:\n\(s)", file: file, line: line)
            return ""
        case .failure(let e): return e.description
        }
    }

    /// Checks every golden query's translation to `target` against its golden file.
    func assertGoldens(_ target: TranslationTarget, file: StaticString = #filePath, line: UInt = #line) throws {
        var checked = 0
        for q in GoldenQueries.all {
            let base = GoldenQueries.directory.appendingPathComponent("\(q.name).\(target.rawValue)")
            switch try translation(q.language, q.text, to: target) {
            case .success(let text):
                let expected = try String(contentsOf: base.appendingPathExtension("txt"), encoding: .utf8)
                XCTAssertEqual(text, expected, "\(q.name) to \(target.rawValue)", file: file, line: line)
            case .failure(let error):
                let expected = try String(contentsOf: base.appendingPathExtension("error"), encoding: .utf8)
                XCTAssertEqual("error: \(error)\n", expected, "\(q.name) to \(target.rawValue)", file: file, line: line)
            }
            checked += 1
        }
        XCTAssertEqual(checked, GoldenQueries.all.count, file: file, line: line)
    }
}
