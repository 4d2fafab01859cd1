import PumpwatchCore
import PumpwatchQuery
import XCTest

@testable import PumpwatchCQL

final class CQLParserTests: XCTestCase {
    private func stages(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [CQLStage] {
        try CQLFrontEnd.parse(text).pipeline.stages
    }

    private func filter(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> CQLExpression {
        let s = try stages(text)
        XCTAssertEqual(s.count, 1, file: file, line: line)
        guard case .filter(let e) = s.first?.kind else {
            XCTFail("not a filter stage: \(s)", file: file, line: line)
            return CQLExpression(.word(""), at: SourceLocation(line: 0, column: 0, offset: 0))
        }
        return e
    }

    /// The operator tree of a boolean expression: `and(or(a, b), c)`.
    private func shape(_ e: CQLExpression) -> String {
        switch e.kind {
        case .binary(.and, let a, let b): return "and(\(shape(a)), \(shape(b)))"
        case .binary(.or, let a, let b): return "or(\(shape(a)), \(shape(b)))"
        case .unary(.not, let x): return "not(\(shape(x)))"
        case .binary(_, let lhs, _): return lhs.description
        default: return e.description
        }
    }

    // MARK: - The seed

    func testSeedParsesVerbatim() throws {
        let (query, diagnostics) = CQLParser.parse(seedQuery)
        XCTAssertEqual(diagnostics.map(\.description), [])
        let top = query.pipeline.stages
        XCTAssertEqual(top.count, 3)

        // Branch 1: a parenthesised sub-pipeline whose `)` shares a line with `if(...)))`.
        guard case .subPipeline(let branch1) = top[0].kind else { return XCTFail("\(top[0])") }
        XCTAssertEqual(top[0].location.line, 2)
        XCTAssertEqual(branch1.stages.count, 6)
        guard case .where = branch1.stages[3].kind else { return XCTFail("\(branch1.stages[3])") }
        guard case .assignment(let risk) = branch1.stages[5].kind else { return XCTFail("\(branch1.stages[5])") }
        XCTAssertEqual(risk.name, "RiskScore")
        XCTAssertEqual(risk.form, .evalStatement)
        XCTAssertEqual(risk.value.call?.positional.count, 3)

        // Branch 2: `union [ ... ]`.
        guard case .union(let branch2) = top[1].kind else { return XCTFail("\(top[1])") }
        XCTAssertEqual(top[1].location.line, 17)
        XCTAssertEqual(branch2.stages.count, 7)
        guard case .filter(let inList) = branch2.stages[1].kind, case .binary(.in, _, let values) = inList.kind else {
            return XCTFail("\(branch2.stages[1])")
        }
        XCTAssertEqual(values.description, "[443, 80, 8443]")

        guard case .call(let sort) = top[2].kind else { return XCTFail("\(top[2])") }
        XCTAssertEqual(sort.description, "sort(EventCount, order=desc)")
    }

    func testSeedRegexKeepsItsInlineFlag() throws {
        guard case .subPipeline(let branch1) = try stages(seedQuery)[0].kind,
            case .filter(let e) = branch1.stages[1].kind,
            case .binary(.equal, _, let rhs) = e.kind,
            case .regex(let pattern, let flags) = rhs.kind
        else { return XCTFail("no regex filter") }
        XCTAssertTrue(pattern.hasPrefix(#"(?i)(api\.twilio\.com|sns\.amazonaws\.com|"#))
        XCTAssertEqual(flags, "")
    }

    // MARK: - Filters

    func testOrBindsTighterThanAnd() throws {
        XCTAssertEqual(shape(try filter("a=1 or b=2 and c=3")), "and(or(a, b), c)")
        XCTAssertEqual(shape(try filter("a=1 and b=2 or c=3")), "and(a, or(b, c))")
    }

    func testNotBindsTightest() throws {
        XCTAssertEqual(shape(try filter("not a=1 or b=2")), "or(not(a), b)")
        XCTAssertEqual(shape(try filter("!a=1 and NOT b=2")), "and(not(a), not(b))")
    }

    func testAdjacentFiltersAreAnImplicitAnd() throws {
        XCTAssertEqual(shape(try filter("a=1 b=2 or c=3")), "and(a, or(b, c))")
        XCTAssertEqual(shape(try filter(#"#event_simpleName=DnsRequest "twilio""#)), #"and(#event_simpleName, "twilio")"#)
    }

    func testALineBreakWithoutPipeStartsANewStage() throws {
        let s = try stages("a=1 b=2\nc=3\ngroupBy(x)\nsort(_count)")
        XCTAssertEqual(s.map(\.description), ["a = 1 and b = 2", "c = 3", "groupBy(x)", "sort(_count)"])
    }

    func testALineBreakInsideAnExpressionContinuesIt() throws {
        XCTAssertEqual(try stages("a=1 or\n  b=2").count, 1)
        XCTAssertEqual(try stages("a=1\n  or b=2").count, 1)
        XCTAssertEqual(try stages("(a=1\n b=2)").count, 1)
        XCTAssertEqual(try stages("groupBy(\n[a],\nfunction=count()\n)").count, 1)
    }

    func testParenthesisedFilterIsAGroupNotASubPipeline() throws {
        XCTAssertEqual(shape(try filter("(a=1 or b=2) c=3")), "and(or(a, b), c)")
        guard case .subPipeline(let p) = try stages("(a=1 | count())")[0].kind else { return XCTFail() }
        XCTAssertEqual(p.stages.count, 2)
    }

    func testCommentsAreIgnored() throws {
        let text = "// leading\na=1 /* inline */ b=2 // trailing\n| /* between */ count()"
        XCTAssertEqual(try CQLFrontEnd.parse(text).description, "a = 1 and b = 2\n| count()")
    }

    func testUnquotedValuesGlueTheirPieces() throws {
        let e = try filter("w=WIN-* x=*.exe y=-1 z=+1555* v=10.0.*")
        XCTAssertEqual(e.description, "w = WIN-* and x = *.exe and y = -1 and z = +1555* and v = 10.0.*")
    }

    func testComparisonsLikeAndIn() throws {
        XCTAssertEqual(try filter("EventCount > 50 N <= 2.5 M == x").description, "EventCount > 50 and N <= 2.5 and M == x")
        guard case .binary(.like, _, _) = try filter(#"Name like "sms""#).kind else { return XCTFail() }
        guard case .binary(.in, _, let list) = try filter("RemotePort in [443, 80]").kind else { return XCTFail() }
        XCTAssertEqual(list.description, "[443, 80]")
        guard case .binary(.matches, _, let call) = try filter(#"ip =~ cidr(subnet="10.0.0.0/8")"#).kind else { return XCTFail() }
        XCTAssertEqual(call.call?.name, "cidr")
    }

    func testRegexFilters() throws {
        guard case .binary(.equal, _, let rhs) = try filter("ImageFileName = /\\\\cmd\\.exe$/mi").kind,
            case .regex(let p, let flags) = rhs.kind
        else { return XCTFail() }
        XCTAssertEqual(p, #"\\cmd\.exe$"#)
        XCTAssertEqual(flags, "mi")
        guard case .regex = try filter("/fail(ed)?/i").kind else { return XCTFail() }
    }

    // MARK: - Stages

    func testFunctionCallsWithPositionalNamedAndListArguments() throws {
        guard case .call(let c) = try stages("groupBy([a, b], function=[count(as=n), max(x)], limit=max)")[0].kind else {
            return XCTFail()
        }
        XCTAssertEqual(c.name, "groupBy")
        XCTAssertEqual(c.arguments.map(\.name), [nil, "function", "limit"])
        XCTAssertEqual(c.positional.first?.description, "[a, b]")
        XCTAssertEqual(c.argument(named: "FUNCTION")?.value.description, "[count(as=n), max(x)]")
    }

    func testAssignments() throws {
        let s = try stages("x := a + b * 2 - (c - d)\n| eval y = if(x > 1, \"a\", \"b\")\n| eval(z = x / 2)")
        guard case .assignment(let x) = s[0].kind, case .assignment(let y) = s[1].kind, case .call(let z) = s[2].kind else {
            return XCTFail("\(s)")
        }
        XCTAssertEqual(x.form, .colonEquals)
        XCTAssertEqual(x.value.description, "a + b * 2 - (c - d)")
        XCTAssertEqual(y.form, .evalStatement)
        XCTAssertEqual(y.name, "y")
        XCTAssertEqual(z.arguments.first?.name, "z")
    }

    func testWhereAndTest() throws {
        let s = try stages("where EventCount > 50 | test(a == b)")
        guard case .where(let e) = s[0].kind else { return XCTFail() }
        XCTAssertEqual(e.description, "EventCount > 50")
        guard case .call(let t) = s[1].kind else { return XCTFail() }
        XCTAssertEqual(t.name, "test")
    }

    func testCaseBlock() throws {
        guard case .caseBlock(let branches) = try stages("case { a=1 | x := 1 ; b=2 | x := 2 ; * | x := 3 ; }")[0].kind else {
            return XCTFail()
        }
        XCTAssertEqual(branches.map(\.pipeline.description), ["a = 1 | x := 1", "b = 2 | x := 2", "* | x := 3"])
    }

    func testMatchBlock() throws {
        guard case .match(let field, let branches) = try stages(#"Status match { "200" => ok := 1 ; /^5/ => ok := 0 ; * => ok := -1 }"#)[0].kind
        else { return XCTFail() }
        XCTAssertEqual(field.description, "Status")
        XCTAssertEqual(branches.map(\.pattern.description), ["\"200\"", "/^5/", "*"])
        XCTAssertEqual(branches.map(\.pipeline.description), ["ok := 1", "ok := 0", "ok := -1"])
    }

    func testAggregateListAndUnion() throws {
        guard case .aggregateList(let calls) = try stages("[count(), max(x, as=m)]")[0].kind else { return XCTFail() }
        XCTAssertEqual(calls.map(\.name), ["count", "max"])
        guard case .union(let p) = try stages("a=1 | union [ b=2 | count() ]")[1].kind else { return XCTFail() }
        XCTAssertEqual(p.description, "b = 2 | count()")
    }

    func testNestedArraysAndSubQueries() throws {
        guard case .call(let rename) = try stages("rename([[a, b], [c, d]])")[0].kind else { return XCTFail() }
        XCTAssertEqual(rename.description, "rename([[a, b], [c, d]])")
        guard case .call(let table) = try stages("defineTable(query={a=1 | count()}, name=t)")[0].kind,
            case .subQuery(let p) = table.arguments[0].value.kind
        else { return XCTFail() }
        XCTAssertEqual(p.stages.count, 2)
    }

    func testLeadingPipeIsAccepted() throws {
        XCTAssertEqual(try stages("| a=1 | count()").count, 2)
    }

    func testRoundTripThroughDescription() throws {
        let text = #"#type=falcon | x := a * (b + 1) | case { F = /x/i | y := "1" ; * } | groupBy(x, function=[count()])"#
        let once = try CQLFrontEnd.parse(text).description
        XCTAssertEqual(try CQLFrontEnd.parse(once).description, once)
    }

    func testRecoveryReportsEveryBrokenStage() {
        let diagnostics = CQLFrontEnd.diagnose("groupBy(x y) | sort(z | count() | a=1 )")
        XCTAssertEqual(diagnostics.map { $0.location?.column }, [11, 23, 39])
        XCTAssertEqual(diagnostics.map(\.kind), [.syntax, .syntax, .syntax])
    }
}
