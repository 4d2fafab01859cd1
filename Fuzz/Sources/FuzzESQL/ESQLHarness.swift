import FuzzSupport
import PumpwatchCore
import PumpwatchESQL
import PumpwatchQuery

/// Fuzzes the ES|QL front end: any text either parses, or its error points inside the text;
/// `parse` throws exactly the first of `diagnose`'s errors; a query that parses either plans or
/// fails with a located error that `diagnose` reports alone; plans print.
@main
enum ESQLHarness {
    static func main() {
        FuzzDriver.run { data, size in
            ESQLHarness.check(FuzzInput(data, size).bytes)
            return 0
        }
    }

    static func check(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let bounds = TextBounds(text)
        let diagnostics = ESQLFrontEnd.diagnose(text)
        for error in diagnostics { QueryErrorCheck.requireLocated(error, in: bounds, stage: "ES|QL diagnose", text: text) }

        do {
            _ = try ESQLFrontEnd.parse(text)
        } catch {
            QueryErrorCheck.requireLocated(error, in: bounds, stage: "ES|QL syntax", text: text)
            guard let first = diagnostics.first else {
                PropertyCheck.fail("parse throws \(error) but diagnose finds nothing in \(PropertyCheck.excerpt(text))")
            }
            QueryErrorCheck.requireSame(error, first, "parse and diagnose disagree", text: text)
            QueryErrorCheck.requireTextOrder(diagnostics, text: text)
            return
        }

        do {
            let plan = try ESQLFrontEnd.plan(text)
            PropertyCheck.require(diagnostics.isEmpty, "the query plans but diagnose reports \(diagnostics) in \(PropertyCheck.excerpt(text))")
            PropertyCheck.require(!PlanPrinter.print(plan).isEmpty, "empty plan printout for \(PropertyCheck.excerpt(text))")
        } catch {
            QueryErrorCheck.requireLocated(error, in: bounds, stage: "ES|QL planning", text: text)
            PropertyCheck.require(diagnostics.count == 1, "planning fails with \(error) but diagnose reports \(diagnostics) in \(PropertyCheck.excerpt(text))")
            QueryErrorCheck.requireSame(error, diagnostics[0], "plan and diagnose disagree", text: text)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzESQL(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    ESQLHarness.check(FuzzInput(data, size).bytes)
    return 0
}
