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

    /// Runs of one value are recognised without hashing; values that come back after others, and
    /// states copied or merged in between, still count once.
    func testRunsAndReturnsOfOneValueCountOnce() {
        let texts = ["a", "a", "b", "a", "a", "c", "b", "c", "c"].map(Value.string)
        XCTAssertEqual(distinct(texts, .cql), .int(3))
        XCTAssertEqual(distinct(texts + [.array([.string("a"), .string("d")]), .string("d")], .esql), .int(4))

        let call = AggregateCall(function: .values, argument: .field("x"), outputName: "v", limit: 3, separator: ",")
        var collected = Accumulator(call: call, dialect: .cql)
        for v in texts { collected.add(v, time: nil) }
        XCTAssertEqual(collected.result(separator: ","), .string("a,b,c"))

        var first = Accumulator(call: AggregateCall(function: .countDistinct, argument: .field("x"), outputName: "n"), dialect: .cql)
        first.add(.string("a"), time: nil)
        var copy = first
        copy.add(.string("b"), time: nil)
        var later = Accumulator(call: AggregateCall(function: .countDistinct, argument: .field("x"), outputName: "n"), dialect: .cql)
        later.add(.string("b"), time: nil)
        first.merge(later)
        first.add(.string("b"), time: nil)
        first.add(.string("a"), time: nil)
        XCTAssertEqual(first.result(separator: nil), .int(2))
        XCTAssertEqual(copy.result(separator: nil), .int(2))
    }

    /// Adding a string by its bytes leaves every function in the state adding the value leaves,
    /// and makes the value only when the bytes cannot settle it.
    func testAddingTextEqualsAddingItsString() {
        let texts = ["a", "a", "b", "1795132800.25", "1795132800.25", "-42", "7", "1e5", "K", "\u{212A}", "x y", "", "b", "c", "d", "a"]
        let functions: [AggregateFunction] = [.count, .countValues, .countDistinct, .min, .max, .values, .first, .last, .sum, .avg]
        var made = [AggregateFunction: Int]()
        for dialect in [Dialect.cql, .esql] {
            for function in functions {
                for limit in [nil, 3] {
                    let call = AggregateCall(function: function, argument: .field("x"), outputName: "v", limit: limit, separator: ",")
                    var byValue = Accumulator(call: call, dialect: dialect)
                    var byText = Accumulator(call: call, dialect: dialect)
                    for (i, t) in texts.enumerated() {
                        let time: Value = .date(Int64(i))
                        byValue.add(.string(t), time: time)
                        var bytes = Array(t.utf8)
                        bytes.withUnsafeMutableBytes { raw in
                            byText.add(text: UnsafeRawBufferPointer(raw), value: {
                                made[function, default: 0] += 1
                                return .string(t)
                            }, time: time)
                        }
                    }
                    XCTAssertEqual(byText.result(separator: ","), byValue.result(separator: ","), "\(function) \(dialect) limit \(String(describing: limit))")
                    XCTAssertEqual(byText.count, byValue.count)
                }
            }
        }
        // Counts never make the value; CQL's min and max only for text that is not a plain number;
        // distinct counts and collections not for a run of one value.
        XCTAssertNil(made[.count])
        XCTAssertNil(made[.countValues])
        XCTAssertLessThan(made[.min] ?? 0, texts.count * 4)
        XCTAssertLessThan(made[.countDistinct] ?? 0, texts.count * 4)
        XCTAssertLessThan(made[.values] ?? 0, texts.count * 4)
        XCTAssertEqual(made[.first], texts.count * 4)
    }

    func testSimpleDecimalReadsPlainNumbersOnly() {
        XCTAssertEqual(Accumulator.simpleDecimal("1795132800.002")?.0, 1_795_132_800.002)
        XCTAssertEqual(Accumulator.simpleDecimal("-42")?.0, -42)
        XCTAssertEqual(Accumulator.simpleDecimal("-42")?.1, false)
        XCTAssertNil(Accumulator.simpleDecimal("4-2"))
        XCTAssertNil(Accumulator.simpleDecimal("1."))
        XCTAssertNil(Accumulator.simpleDecimal("1e5"))
    }

    /// CQL's `min` and `max` keep plain numbers inline and other candidates in their state; either
    /// way the result is the number one comparison of values picks (ties keep the earlier, whole
    /// numbers come out as integers), however the input is cut and merged.
    func testCQLMinAndMaxAgreeWithComparingTheValues() {
        let texts = ["5", "5.0", "x", "1e1", "3.50", "-0", "2", "0.0", "-7.25", "12", "-7.250", "9e-1", "", "8"]
        for function in [AggregateFunction.min, .max] {
            let call = AggregateCall(function: function, argument: .field("x"), outputName: "v")
            for start in 0..<texts.count {
                let part = Array(texts[start...])
                // The reference: each text's number as CQL reads it, compared as values.
                var best: Value?
                for t in part {
                    guard let d = Value.string(t).doubleValue else { continue }
                    let candidate: Value = (!Value.string(t).isFloatLike && d == d.rounded()) ? .int(Int64(d)) : .double(d)
                    if let b = best {
                        let c = ValueComparison.sortOrder(candidate, b, comparison: .natural, dialect: .cql)
                        if (function == .min && c < 0) || (function == .max && c > 0) { best = candidate }
                    } else {
                        best = candidate
                    }
                }
                for cut in 0...part.count {
                    var first = Accumulator(call: call, dialect: .cql)
                    var second = Accumulator(call: call, dialect: .cql)
                    for t in part[..<cut] { first.add(.string(t), time: nil) }
                    for t in part[cut...] {
                        var bytes = Array(t.utf8)
                        bytes.withUnsafeMutableBytes { second.add(text: UnsafeRawBufferPointer($0), value: { .string(t) }, time: nil) }
                    }
                    first.merge(second)
                    XCTAssertEqual(first.result(separator: nil), best ?? .null, "\(function) of \(part) cut at \(cut)")
                    if case .int? = best { XCTAssertEqual(first.result(separator: nil).isFloatLike, false) }
                }
            }
        }
        var tie = Accumulator(call: AggregateCall(function: .min, argument: .field("x"), outputName: "v"), dialect: .cql)
        tie.add(.string("5.0"), time: nil)
        tie.add(.string("5"), time: nil)
        XCTAssertEqual(tie.result(separator: nil), .double(5))
    }

    /// An accumulator is one per group and aggregate: it stays three words, so that a million
    /// groups stay within the memory bound.
    func testAnAccumulatorIsThreeWords() {
        XCTAssertEqual(MemoryLayout<Accumulator>.stride, 24)
    }
}
