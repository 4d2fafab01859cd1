import Foundation
import XCTest

@testable import PumpwatchSources

/// Chunks hold whole lines, in order, whatever the chunk size; lines too long for the buffer are
/// skipped and said to be there.
final class LineChunkReaderTests: XCTestCase {
    private func write(_ bytes: [UInt8]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chunks-\(UUID().uuidString).ndjson")
        try Data(bytes).write(to: url)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    /// The lines (without line feeds) and skipped long lines ("<long>") of `start..<end`.
    private func read(_ path: String, start: Int64, end: Int64, chunk: Int, maxLine: Int) throws -> [String] {
        let reader = try LineChunkReader(path: path, start: start, end: end, chunkBytes: chunk, maxLineBytes: maxLine)
        var out: [String] = []
        var pending = ""
        while let c = try reader.next() {
            switch c {
            case .overlongLine:
                XCTAssertEqual(pending, "", "a skipped line starts a chunk")
                out.append("<long>")
            case .lines(let bytes):
                // Split on bytes: "\r\n" is one Character to String.
                XCTAssertTrue(pending.isEmpty)
                var pieces = Array(bytes).split(separator: 0x0A, omittingEmptySubsequences: false)
                let last = pieces.removeLast()
                if !last.isEmpty { pending = String(decoding: last, as: UTF8.self) }
                out += pieces.map { String(decoding: $0, as: UTF8.self) }
            }
        }
        if !pending.isEmpty { out.append(pending) }
        return out
    }

    func testChunksHoldWholeLinesWhateverTheirSize() throws {
        var lines: [String] = []
        for i in 0..<60 { lines.append(String(repeating: "x", count: (i * 7) % 23) + "\(i)") }
        lines[10] = ""
        lines[11] = "  \r"
        let text = lines.joined(separator: "\n")
        let path = try write(Array(text.utf8))
        for chunk in [1, 2, 5, 16, 64, 4096] {
            XCTAssertEqual(try read(path, start: 0, end: Int64(text.utf8.count), chunk: chunk, maxLine: 1000), lines, "chunk \(chunk)")
            // With a final line feed, the last line is whole too.
            let withEnd = try write(Array((text + "\n").utf8))
            XCTAssertEqual(try read(withEnd, start: 0, end: Int64(text.utf8.count + 1), chunk: chunk, maxLine: 1000), lines)
        }
        // A range in the middle: from a line start to just after a line feed.
        let start = Int64(lines[0..<5].map { $0.utf8.count + 1 }.reduce(0, +))
        let end = start + Int64(lines[5..<9].map { $0.utf8.count + 1 }.reduce(0, +))
        XCTAssertEqual(try read(path, start: start, end: end, chunk: 8, maxLine: 1000), Array(lines[5..<9]))
    }

    func testLinesTooLongForTheBufferAreSkippedAndSaidToBeThere() throws {
        let text = "short\n" + String(repeating: "a", count: 300) + "\nmid\n" + String(repeating: " ", count: 200) + "\r\n"
            + "tail\n" + String(repeating: "b", count: 100)
        let path = try write(Array(text.utf8))
        // Lines up to 50 bytes fit (the buffer grows to 58); longer ones are skipped.
        for chunk in [4, 16, 58] {
            XCTAssertEqual(
                try read(path, start: 0, end: Int64(text.utf8.count), chunk: chunk, maxLine: 50),
                ["short", "<long>", "mid", "<long>", "tail", "<long>"], "chunk \(chunk)")
        }
        // A big enough buffer hands every line out, for the reader to judge.
        XCTAssertEqual(try read(path, start: 0, end: Int64(text.utf8.count), chunk: 16, maxLine: 400).count, 6)
    }

    func testAMissingFileIsAnError() {
        XCTAssertThrowsError(try LineChunkReader(path: "/nonexistent/pumpwatch/x.ndjson", start: 0, end: 10, maxLineBytes: 100))
    }
}
