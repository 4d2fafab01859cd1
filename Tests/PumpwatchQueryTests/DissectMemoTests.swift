import PumpwatchCore
import XCTest

@testable import PumpwatchQuery

/// `DissectMemo` gives what `DissectOperator.dissect` gives, whether the text is new, remembered,
/// or forgotten when the memo filled up.
final class DissectMemoTests: XCTestCase {
    private let pattern = DissectPattern(source: "%{a} %{b}-%{?c}", prefix: "", keys: [
        (DissectPattern.Key(name: "a", modifier: .none, rightPadding: false), " "),
        (DissectPattern.Key(name: "b", modifier: .none, rightPadding: false), "-"),
        (DissectPattern.Key(name: "c", modifier: .skip, rightPadding: false), ""),
    ])

    /// The memo's outputs for `text`, as strings (nil: null), or nil when it did not answer.
    private func outputs(_ memo: DissectMemo, _ text: String) -> [String?]? {
        var found = [UnsafeRawBufferPointer](repeating: UnsafeRawBufferPointer(start: nil, count: 0), count: memo.names.count)
        let bytes = Array(text.utf8)
        let answered = bytes.withUnsafeBytes { b in found.withUnsafeMutableBufferPointer { memo.dissect(b, into: $0.baseAddress!) } }
        guard answered else { return nil }
        return found.map { $0.baseAddress == nil ? nil : String(decoding: $0, as: UTF8.self) }
    }

    private func expected(_ text: String) -> [String?] {
        let found = DissectOperator.dissect(text, pattern)
        return pattern.outputNames.map { name in found == nil ? nil : (found?[name] ?? nil) }
    }

    func testOutputsAreTheOperatorsForNewAndRememberedTexts() {
        let memo = DissectMemo(pattern: pattern)
        XCTAssertEqual(memo.names, ["a", "b"])
        let texts = ["x y-z", "aws-cli/2 md-a", "no delimiters", "x -", " y-", "x y", "", "a  b-c"]
        for round in 0..<3 {
            for t in texts {
                XCTAssertEqual(outputs(memo, t), expected(t), "\(t) in round \(round)")
                let values = Array(t.utf8).withUnsafeBytes { memo.values(of: $0) }
                XCTAssertEqual(values, expected(t).map { $0.map(Value.string) ?? .null }, "\(t) as values in round \(round)")
            }
        }
        XCTAssertEqual(outputs(memo, "x y-z"), ["x", "y"])
        XCTAssertEqual(outputs(memo, "x -"), ["x", ""], "an empty output is text, not null")
        XCTAssertEqual(outputs(memo, "no delimiters"), [nil, nil], "a text the pattern does not match gives nulls")
    }

    func testManyDistinctTextsStillGiveTheirOutputs() {
        let memo = DissectMemo(pattern: pattern)
        for i in 0..<20_000 {
            let t = "agent\(i) v\(i % 97)-rest"
            XCTAssertEqual(outputs(memo, t), ["agent\(i)", "v\(i % 97)"])
        }
        for i in stride(from: 0, to: 20_000, by: 613) { XCTAssertEqual(outputs(memo, "agent\(i) v\(i % 97)-rest"), ["agent\(i)", "v\(i % 97)"]) }
    }

    func testATextTooLongToRememberIsLeftToTheCaller() {
        let memo = DissectMemo(pattern: pattern)
        XCTAssertNil(outputs(memo, String(repeating: "a", count: 100_000) + " b-c"))
        XCTAssertNil(Array((String(repeating: "a", count: 100_000) + " b-c").utf8).withUnsafeBytes { memo.values(of: $0) })
        XCTAssertEqual(outputs(memo, "a b-c"), ["a", "b"])
    }
}
