import PumpwatchCore
import PumpwatchQuery
import XCTest

@testable import PumpwatchESQL

final class ESQLParserTests: XCTestCase {
    private func commands(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [ESQLCommand] {
        do throws(QueryError) {
            return try ESQLFrontEnd.parse(text).commands
        } catch {
            XCTFail("\(error)", file: file, line: line)
            return []
        }
    }

    /// The expression of `FROM t | WHERE <text>`.
    private func condition(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> ESQLExpression? {
        let parsed = commands("FROM t | WHERE \(text)", file: file, line: line)
        guard parsed.count == 2, case .where(let e) = parsed[1].kind else { return nil }
        return e
    }

    func testSeedParsesVerbatim() throws {
        let query = try ESQLFrontEnd.parse(seedQuery)
        XCTAssertEqual(query.text, seedQuery)
        XCTAssertEqual(query.commands.map(\.name), ["FROM", "WHERE", "EVAL", "WHERE", "DISSECT", "STATS", "WHERE"])
        XCTAssertEqual(query.commands.map(\.location.line), [1, 2, 3, 4, 10, 11, 12])
        guard case .from(let sources, let metadata) = query.commands[0].kind else { return XCTFail() }
        XCTAssertEqual(sources, ["logs-aws.cloudtrail-*"])
        XCTAssertEqual(metadata, [])
        guard case .stats(let aggregates, let groupings) = query.commands[5].kind else { return XCTFail() }
        XCTAssertEqual(aggregates.map(\.columnName), ["sms_message_count"])
        XCTAssertEqual(aggregates[0].expression.text, "COUNT(*)")
        XCTAssertEqual(groupings.map(\.columnName), ["target_time_window", "cloud.account.id", "aws.cloudtrail.user_identity.arn", "cloud.region", "source.address", "user_agent_name"])
        guard case .dissect(let input, let pattern) = query.commands[4].kind else { return XCTFail() }
        XCTAssertEqual(input.kind, .field("user_agent.original"))
        XCTAssertEqual(pattern.prefix, "")
        XCTAssertEqual(pattern.keys.map(\.key.name), ["user_agent_name", "user_agent_remainder"])
        XCTAssertEqual(pattern.keys.map(\.key.modifier), [.none, .skip])
        XCTAssertEqual(pattern.keys.map(\.delimiter), [" ", ""])
        guard case .where(let multiLine) = query.commands[3].kind else { return XCTFail() }
        XCTAssertEqual(multiLine.location.line, 5)
        XCTAssertEqual(multiLine.location.column, 5)
        XCTAssertTrue(multiLine.text.hasPrefix("event.dataset == \"aws.cloudtrail\" AND\n    event.provider"))
        XCTAssertTrue(multiLine.text.hasSuffix("LIKE \"*phoneNumber*\""))
    }

    /// The tree of an expression as an S-expression.
    private func tree(_ e: ESQLExpression?) -> String {
        guard let e else { return "nil" }
        switch e.kind {
        case .field(let n): return n
        case .null: return "null"
        case .boolean(let b): return "\(b)"
        case .integer(let i): return "\(i)"
        case .decimal(let d): return "\(d)"
        case .string(let s): return "\"\(s)\""
        case .timeSpan(let t): return "[\(t)]"
        case .array(let items): return "[" + items.map(tree).joined(separator: " ") + "]"
        case .star: return "*"
        case .unary(let op, let x): return "(\(op.rawValue) \(tree(x)))"
        case .binary(let op, let a, let b): return "(\(op.rawValue) \(tree(a)) \(tree(b)))"
        case .call(let name, let args): return "(\(name)" + args.map { " " + tree($0) }.joined() + ")"
        case .inList(let x, let items, let negated): return "(\(negated ? "NOT IN" : "IN") \(tree(x))" + items.map { " " + tree($0) }.joined() + ")"
        case .isNull(let x, let negated): return "(\(negated ? "IS NOT NULL" : "IS NULL") \(tree(x)))"
        case .like(let x, let patterns, let regex, let negated):
            return "(\(negated ? "NOT " : "")\(regex ? "RLIKE" : "LIKE") \(tree(x))" + patterns.map { " \"\($0)\"" }.joined() + ")"
        case .cast(let x, let type): return "(:: \(tree(x)) \(type.rawValue))"
        }
    }

    func testPrecedenceShape() throws {
        XCTAssertEqual(tree(condition("a OR b AND NOT c")), "(OR a (AND b (NOT c)))")
        XCTAssertEqual(tree(condition("NOT a == 1")), "(NOT (== a 1))")
        XCTAssertEqual(tree(condition("-x::long * 2 + 1 > y % 3")), "(> (+ (* (- (:: x long)) 2) 1) (% y 3))")
        XCTAssertEqual(tree(condition("a LIKE \"x\" OR b IN (1, 2) AND c IS NULL")), "(OR (LIKE a \"x\") (AND (IN b 1 2) (IS NULL c)))")
        XCTAssertEqual(tree(condition("((a))")), "a")
        XCTAssertEqual(tree(condition("@timestamp > now() - 7 day")), "(> @timestamp (- (now) [7 days]))")
    }

    func testExpressionTextIsTheSourceText() throws {
        let parsed = commands("FROM t | EVAL   x  +  1 , y = (a+b) * 2,TO_LOWER( name )")
        guard case .eval(let fields) = parsed[1].kind else { return XCTFail() }
        XCTAssertEqual(fields.map(\.expression.text), ["x  +  1", "(a+b) * 2", "TO_LOWER( name )"])
        XCTAssertEqual(fields.map(\.columnName), ["x  +  1", "y", "TO_LOWER( name )"])
        XCTAssertEqual(fields[1].name?.location.column, 27)
    }

    func testLiteralsAndNegation() throws {
        let parsed = commands(#"FROM t | EVAL a = -5, b = -1.5, c = - 7 day, d = [1, -2], e = "s", f = null, g = TRUE"#)
        guard case .eval(let fields) = parsed[1].kind else { return XCTFail() }
        XCTAssertEqual(fields.map(\.expression.kind), [
            .integer(-5), .decimal(-1.5), .timeSpan(TimeSpan(amount: -7, unit: .day)),
            .array([ESQLExpression(.integer(1), at: SourceLocation(line: 1, column: 51, offset: 50), text: "1"),
                    ESQLExpression(.integer(-2), at: SourceLocation(line: 1, column: 54, offset: 53), text: "-2")]),
            .string("s"), .null, .boolean(true),
        ])
    }

    func testFunctionCallsKeepTheirWrittenName() throws {
        let e = try XCTUnwrap(condition("Starts_With(x, \"a\") AND COUNT(*) > 0"))
        XCTAssertEqual(tree(e), "(AND (Starts_With x \"a\") (> (COUNT *) 0))")
        guard case .binary(.and, let call, _) = e.kind else { return XCTFail() }
        XCTAssertEqual(call.location.column, 16)
        XCTAssertEqual(call.text, "Starts_With(x, \"a\")")
    }

    func testPredicates() throws {
        XCTAssertEqual(tree(condition("a NOT IN (1, b + 1)")), "(NOT IN a 1 (+ b 1))")
        XCTAssertEqual(tree(condition(#"a NOT RLIKE """[a-z]\d+""""#)), #"(NOT RLIKE a "[a-z]\d+")"#)
        XCTAssertEqual(tree(condition(#"a LIKE ("x*", "y?")"#)), #"(LIKE a "x*" "y?")"#)
        XCTAssertEqual(tree(condition("a > 1 IS NOT NULL")), "(IS NOT NULL (> a 1))")
        XCTAssertEqual(tree(condition(#"a =~ "X""#)), #"(=~ a "X")"#)
    }

    func testFromMetadataAndQuotedPatterns() {
        let parsed = commands(#"FROM "logs-*", b*,c METADATA _id,_index"#)
        XCTAssertEqual(parsed.first?.kind, .from(sources: ["logs-*", "b*", "c"], metadata: ["_id", "_index"]))
    }

    func testKeepPatternsAndRename() {
        let parsed = commands("FROM t | KEEP a.*, *b, c*d, `x y`.z | RENAME a AS b, c = d | DROP e")
        guard case .keep(let names) = parsed[1].kind else { return XCTFail() }
        XCTAssertEqual(names.map(\.text), ["a.*", "*b", "c*d", "x y.z"])
        XCTAssertEqual(names.map(\.location.column), [15, 20, 24, 29])
        guard case .rename(let pairs) = parsed[2].kind else { return XCTFail() }
        XCTAssertEqual(pairs.map { "\($0.old.text)->\($0.new.text)" }, ["a->b", "d->c"])
    }

    func testSortItems() {
        let parsed = commands("FROM t | SORT a DESC NULLS FIRST, b, c asc nulls last")
        guard case .sort(let items) = parsed[1].kind else { return XCTFail() }
        XCTAssertEqual(items.map(\.descending), [true, false, false])
        XCTAssertEqual(items.map(\.nullsFirst), [true, nil, false])
    }

    func testStatsFieldsAndFilters() {
        let parsed = commands("FROM t | STATS COUNT(*), c = COUNT(x) WHERE x > 1 BY k, b = BUCKET(@timestamp, 1h)")
        guard case .stats(let aggregates, let groupings) = parsed[1].kind else { return XCTFail() }
        XCTAssertEqual(aggregates.map(\.columnName), ["COUNT(*)", "c"])
        XCTAssertNil(aggregates[0].filter)
        XCTAssertEqual(aggregates[1].filter?.text, "x > 1")
        XCTAssertEqual(groupings.map(\.columnName), ["k", "b"])
    }

    func testDissectOptionsAndGrok() {
        let parsed = commands(#"FROM t | DISSECT a "%{x},%{+x}" APPEND_SEPARATOR = "|" | GROK b """%{WORD:w}\s+%{INT:n:long}""""#)
        guard case .dissect(_, let pattern) = parsed[1].kind else { return XCTFail() }
        XCTAssertEqual(pattern.appendSeparator, "|")
        XCTAssertEqual(pattern.keys.map(\.key.modifier), [.none, .append])
        guard case .grok(_, let expansion) = parsed[2].kind else { return XCTFail() }
        XCTAssertEqual(expansion.groupNames, ["w", "n"])
        XCTAssertEqual(expansion.groupTypes, [nil, .long])
    }

    func testRecoveryListsEveryProblem() {
        let (query, diagnostics) = ESQLParser.parseRecovering("FROM t | WHERE a = 1 | EVAL x = | ENRICH p | KEEP b")
        XCTAssertEqual(diagnostics.count, 3)
        XCTAssertEqual(diagnostics.map(\.location?.column), [18, 33, 35])
        XCTAssertEqual(diagnostics.map(\.kind), [.syntax, .syntax, .unsupported])
        // The commands that parsed are kept.
        XCTAssertEqual(query.commands.map(\.name), ["FROM", "KEEP"])
        XCTAssertEqual(ESQLFrontEnd.diagnose("FROM t | WHERE a = 1 | EVAL x = | ENRICH p | KEEP b").count, 3)
        XCTAssertEqual(ESQLFrontEnd.diagnose("FROM t | EVAL x = nope(1)").map(\.kind), [.unsupported])
        XCTAssertEqual(ESQLFrontEnd.diagnose(seedQuery).count, 0)
    }

    func testLexicalProblemsSkippedDuringRecoveryAreReported() {
        let (_, diagnostics) = ESQLParser.parseRecovering("FROM t | WHERE = 1 ~ | LIMIT 1")
        XCTAssertEqual(diagnostics.count, 2)
        XCTAssertEqual(diagnostics.last?.description.contains("'~'"), true)
    }
}
