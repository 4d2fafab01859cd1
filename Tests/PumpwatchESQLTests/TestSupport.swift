import PumpwatchCore
import PumpwatchESQL
import PumpwatchQuery
import XCTest

/// The printed plan of `query`, or the error text when it does not plan.
func printedPlan(_ query: String) -> String {
    do throws(QueryError) {
        return PlanPrinter.print(try ESQLFrontEnd.plan(query))
    } catch {
        return "error: \(error)"
    }
}

/// The printed expression of `WHERE <condition>` in `FROM t | WHERE <condition>`.
func printedCondition(_ condition: String, file: StaticString = #filePath, line: UInt = #line) -> String {
    do throws(QueryError) {
        let plan = try ESQLFrontEnd.plan("FROM t | WHERE \(condition)")
        guard case .limit(.filter(_, let e), _, _) = plan else {
            XCTFail("unexpected plan shape", file: file, line: line)
            return ""
        }
        return PlanPrinter.text(e)
    } catch {
        return "error: \(error)"
    }
}

/// The printed assignments of `FROM t | EVAL <fields>`.
func printedEval(_ fields: String, file: StaticString = #filePath, line: UInt = #line) -> String {
    let printed = printedPlan("FROM t | EVAL \(fields)")
    let lines = printed.split(separator: "\n")
    guard lines.count == 3, lines[1].hasPrefix("  Eval ") else {
        XCTFail("unexpected plan:\n\(printed)", file: file, line: line)
        return printed
    }
    return String(lines[1].dropFirst("  Eval ".count))
}

/// The marker that error tests put where the error must point.
let marker = "⏵"

/// A query with `⏵` at the error position: the query without the marker and the location of the marker.
func unmark(_ marked: String, file: StaticString = #filePath, line: UInt = #line) -> (String, SourceLocation) {
    guard let range = marked.range(of: marker) else {
        XCTFail("no marker in the query", file: file, line: line)
        return (marked, SourceLocation(line: 0, column: 0, offset: 0))
    }
    let offset = marked.utf8.distance(from: marked.startIndex, to: range.lowerBound)
    let query = marked.replacingCharacters(in: range, with: "")
    return (query, SourceLocation(offset: offset, in: query))
}

/// Asserts that planning the marked query fails at the marker with `kind`, a message holding
/// `message` and, when given, an expectation holding `expected`.
func assertError(
    _ marked: String, _ kind: QueryError.Kind, message: String, expected: String? = nil,
    file: StaticString = #filePath, line: UInt = #line
) {
    let (query, location) = unmark(marked, file: file, line: line)
    do throws(QueryError) {
        let plan = try ESQLFrontEnd.plan(query)
        XCTFail("expected an error, got a plan:\n\(PlanPrinter.print(plan))", file: file, line: line)
    } catch {
        XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
        XCTAssertEqual(error.location?.line, location.line, "line of \(error)", file: file, line: line)
        XCTAssertEqual(error.location?.column, location.column, "column of \(error)", file: file, line: line)
        XCTAssertTrue(error.description.contains(message), "\(error.description) should contain \(message)", file: file, line: line)
        if let expected {
            XCTAssertTrue((error.expected ?? "").contains(expected), "expected-part of \(error) should contain \(expected)", file: file, line: line)
        }
    }
}
