import PumpwatchCore
import XCTest

@testable import PumpwatchSources

final class SplitLinesTests: XCTestCase {
    private func split(_ bytes: [UInt8], chunkSize: Int = 3, max: Int = 1 << 20) throws -> [SplitItem] {
        let splitter = LineSplitter(source: MemoryByteStream(bytes, chunkSize: chunkSize), maxRecordBytes: max)
        var items: [SplitItem] = []
        while let item = try splitter.next() { items.append(item) }
        return items
    }

    private func records(_ items: [SplitItem]) -> [(String, Int)] {
        items.compactMap { if case .record(let r) = $0 { return (r.text, r.line) }; return nil }
    }

    func testLinesCarryTheirNumbersAndSkipBlankLines() throws {
        for chunk in [1, 2, 3, 64, 1 << 20] {
            let items = try split(Array("{\"a\":1}\n\n  \n{\"a\":2}\n{\"a\":3}".utf8), chunkSize: chunk)
            let r = records(items)
            XCTAssertEqual(r.map(\.0), ["{\"a\":1}", "{\"a\":2}", "{\"a\":3}"], "chunk \(chunk)")
            XCTAssertEqual(r.map(\.1), [1, 4, 5], "chunk \(chunk)")
            if case .record(let last) = items.last { XCTAssertEqual(last.index, 3) }
        }
    }

    func testCRLFLineEndsAreStripped() throws {
        let r = records(try split(Array("first\r\nsecond\r\n\r\nthird\r\n".utf8)))
        XCTAssertEqual(r.map(\.0), ["first", "second", "third"])
        XCTAssertEqual(r.map(\.1), [1, 2, 4])
    }

    func testLeadingByteOrderMarkIsDropped() throws {
        let r = records(try split([0xEF, 0xBB, 0xBF] + Array("{\"a\":1}\n{\"a\":2}\n".utf8), chunkSize: 1))
        XCTAssertEqual(r.map(\.0), ["{\"a\":1}", "{\"a\":2}"])
    }

    func testOverlongLineIsReportedNotBuffered() throws {
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 5 << 20)
        let bytes = Array("short one\n".utf8) + long + Array("\nshort two\n".utf8)
        let items = try split(bytes, chunkSize: 1 << 20, max: 1 << 20)
        XCTAssertEqual(records(items).map(\.0), ["short one", "short two"])
        XCTAssertEqual(records(items).map(\.1), [1, 3])
        let failures = items.compactMap { if case .failure(let f) = $0 { return f }; return nil }
        XCTAssertEqual(failures.count, 1)
        XCTAssertEqual(failures.first?.line, 2)
        XCTAssertTrue(failures.first?.reason.contains("longer than 1048576 bytes") ?? false)
    }

    func testOverlongLastLineWithoutLineEnd() throws {
        let bytes = Array("ok\n".utf8) + [UInt8](repeating: 0x41, count: 100)
        let items = try split(bytes, chunkSize: 8, max: 50)
        XCTAssertEqual(items, [
            .record(RawRecord(bytes: Array("ok".utf8), line: 1, index: 1)),
            .failure(SplitFailure(line: 2, reason: "line longer than 50 bytes, skipped")),
        ])
    }

    func testLineJustOverTheLimitArrivingInOneChunk() throws {
        let items = try split(Array("0123456789\nabc\n".utf8), chunkSize: 100, max: 5)
        XCTAssertEqual(items.count, 2)
        XCTAssertEqual(items[0], .failure(SplitFailure(line: 1, reason: "line longer than 5 bytes, skipped")))
        XCTAssertEqual(records(items).map(\.0), ["abc"])
    }

    func testLineAtTheLimitDoesNotDependOnChunkBoundaries() throws {
        // Ten bytes of content: the `\r` before `\n` and the byte order mark do not count, and a
        // long blank line is too long too, whether or not its line end came in the same chunk.
        let bytes = [0xEF, 0xBB, 0xBF] + Array("0123456789\r\nabcdefghij\r\n\(String(repeating: " ", count: 11))\nok\n".utf8)
        let expected: [SplitItem] = [
            .record(RawRecord(bytes: Array("0123456789".utf8), line: 1, index: 1)),
            .record(RawRecord(bytes: Array("abcdefghij".utf8), line: 2, index: 2)),
            .failure(SplitFailure(line: 3, reason: "line longer than 10 bytes, skipped")),
            .record(RawRecord(bytes: Array("ok".utf8), line: 4, index: 3)),
        ]
        for chunk in [1, 2, 3, 5, 11, 12, 13, 100] {
            XCTAssertEqual(try split(bytes, chunkSize: chunk, max: 10), expected, "chunk \(chunk)")
        }
    }

    func testEmptyInputYieldsNothing() throws {
        XCTAssertEqual(try split([]), [])
        XCTAssertEqual(try split(Array("\n\r\n  \n".utf8)), [])
    }

    func testStreamErrorsPropagateAfterEarlierLines() throws {
        let full = Fixture.gzip("one\ntwo\nthree\n" + String(repeating: "filler line\n", count: 300))
        let cut = Array(full[0..<(full.count - 10)])
        let splitter = LineSplitter(source: GzipDecoder(source: MemoryByteStream(cut, chunkSize: 16), path: "x.gz", outputChunkSize: 64))
        var lines: [String] = []
        XCTAssertThrowsError(try {
            while let item = try splitter.next() { if case .record(let r) = item { lines.append(r.text) } }
        }())
        XCTAssertEqual(Array(lines.prefix(3)), ["one", "two", "three"])
        XCTAssertGreaterThan(splitter.currentLine, 3)
    }
}
