import PumpwatchCore
import XCTest

@testable import PumpwatchQuery

final class AccumulatorTests: XCTestCase {
    private func distinct(_ values: [Value], _ dialect: Dialect) -> Value {
        var a = Accumulator(call: AggregateCall(function: .countDistinct, argument: .field("x"), outputName: "n"), dialect: dialect)
        for v in values { a.add(v, time: nil) }
        return a.result(separator: nil)
    }

    func testCQLCountsDistinctTexts() {
        // LogScale values are text: 443 and "443" are one value, 443.0 another.
        XCTAssertEqual(distinct([.string("443"), .int(443), .double(443), .string("443.0"), .string("80")], .cql), .int(3))
        XCTAssertEqual(distinct([.double(1.5), .string("1.5"), .bool(true), .string("true")], .cql), .int(2))
        XCTAssertEqual(distinct([.date(1_763_632_800_000), .string("1763632800000")], .cql), .int(1))
    }

    func testESQLCountsOneAndOnePointZeroAlike() {
        XCTAssertEqual(distinct([.int(1), .double(1), .string("1")], .esql), .int(2))
    }

    func testSimpleDecimalReadsPlainNumbersOnly() {
        XCTAssertEqual(Accumulator.simpleDecimal("1795132800.002")?.0, 1_795_132_800.002)
        XCTAssertEqual(Accumulator.simpleDecimal("-42")?.0, -42)
        XCTAssertEqual(Accumulator.simpleDecimal("-42")?.1, false)
        XCTAssertNil(Accumulator.simpleDecimal("4-2"))
        XCTAssertNil(Accumulator.simpleDecimal("1."))
        XCTAssertNil(Accumulator.simpleDecimal("1e5"))
    }
}
