import FuzzSupport
import PumpwatchCore
import PumpwatchCQL
import PumpwatchQuery

/// Fuzzes the CQL front end: any text either parses, or every syntax error it has points inside
/// the text; `parse` throws exactly the first of `diagnose`'s errors; a query that parses either
/// plans or fails with a located error; lint findings point inside the text; plans print.
@main
enum CQLHarness {
    static func main() {
        FuzzDriver.run { data, size in
            CQLHarness.check(FuzzInput(data, size).bytes)
            return 0
        }
    }

    static func check(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let bounds = TextBounds(text)
        let diagnostics = CQLFrontEnd.diagnose(text)
        for error in diagnostics { QueryErrorCheck.requireLocated(error, in: bounds, stage: "CQL syntax", text: text) }
        QueryErrorCheck.requireTextOrder(diagnostics, text: text)

        let query: CQLQuery
        do {
            query = try CQLFrontEnd.parse(text)
        } catch {
            guard let first = diagnostics.first else {
                PropertyCheck.fail("parse throws \(error) but diagnose finds nothing in \(PropertyCheck.excerpt(text))")
            }
            QueryErrorCheck.requireSame(error, first, "parse and diagnose disagree", text: text)
            return
        }
        PropertyCheck.require(diagnostics.isEmpty, "parse succeeds but diagnose reports \(diagnostics) in \(PropertyCheck.excerpt(text))")
        _ = query.description

        do {
            for finding in try CQLFrontEnd.lint(text) {
                if let problem = bounds.problem(with: finding.location) {
                    PropertyCheck.fail("lint finding outside the text: \(problem); \(finding) in \(PropertyCheck.excerpt(text))")
                }
            }
        } catch {
            PropertyCheck.fail("lint fails with \(error) on a query that parses: \(PropertyCheck.excerpt(text))")
        }

        do {
            let plan = try CQLFrontEnd.plan(text)
            PropertyCheck.require(!PlanPrinter.print(plan).isEmpty, "empty plan printout for \(PropertyCheck.excerpt(text))")
        } catch {
            QueryErrorCheck.requireLocated(error, in: bounds, stage: "CQL planning", text: text)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCQL(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    CQLHarness.check(FuzzInput(data, size).bytes)
    return 0
}
