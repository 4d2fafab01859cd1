import PumpwatchCore
import XCTest

@testable import PumpwatchSources

final class GzipDecoderTests: XCTestCase {
    private func decodeAll(_ bytes: [UInt8], chunkSize: Int = 7, outputChunkSize: Int = 64) throws(InputError) -> [UInt8] {
        let decoder = GzipDecoder(source: MemoryByteStream(bytes, chunkSize: chunkSize), path: "test.gz", outputChunkSize: outputChunkSize)
        var out: [UInt8] = []
        while let chunk = try decoder.read() { out += chunk }
        return out
    }

    func testDecodesOneMemberInSmallChunks() throws {
        let text = String(repeating: Fixture.snsDelivery(id: "m1") + "\n", count: 50)
        XCTAssertEqual(try decodeAll(Fixture.gzip(text)), Array(text.utf8))
        XCTAssertEqual(try decodeAll(Fixture.gzip(text), chunkSize: 1 << 20, outputChunkSize: 1 << 20), Array(text.utf8))
    }

    func testDecodesConcatenatedMembersAsOneStream() throws {
        let a = Fixture.subscriptionDocument(ids: ["m1"])
        let b = Fixture.subscriptionDocument(ids: ["m2", "m3"])
        let c = ""
        let bytes = Fixture.gzip(a) + Fixture.gzip(b) + Fixture.gzip(c)
        XCTAssertEqual(try decodeAll(bytes), Array((a + b + c).utf8))
        XCTAssertEqual(try decodeAll(bytes, chunkSize: 1), Array((a + b).utf8))
    }

    func testIgnoresZeroPaddingAfterTheLastMember() throws {
        let bytes = Fixture.gzip("hello\n") + [UInt8](repeating: 0, count: 512)
        XCTAssertEqual(try decodeAll(bytes), Array("hello\n".utf8))
    }

    func testTruncatedStreamReturnsDecodedBytesThenReportsTruncation() throws {
        let text = String(repeating: "line of text that compresses\n", count: 400)
        let full = Fixture.gzip(text)
        let cut = Array(full[0..<(full.count * 2 / 3)])
        let decoder = GzipDecoder(source: MemoryByteStream(cut, chunkSize: 64), path: "cut.gz", outputChunkSize: 256)
        var out: [UInt8] = []
        do {
            while let chunk = try decoder.read() { out += chunk }
            XCTFail("no error for a truncated stream")
        } catch {
            guard case .truncatedGzip(let path, let compressed, let decompressed) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(path, "cut.gz")
            XCTAssertEqual(compressed, Int64(cut.count))
            XCTAssertEqual(decompressed, Int64(out.count))
            XCTAssertTrue(error.reason.contains("truncated"))
        }
        XCTAssertFalse(out.isEmpty)
        XCTAssertEqual(out, Array(text.utf8.prefix(out.count)))
        // The error sticks.
        XCTAssertThrowsError(try decoder.read())
    }

    func testStreamCutInsideTheHeaderIsTruncated() {
        XCTAssertThrowsError(try decodeAll([0x1F, 0x8B, 0x08])) { error in
            guard case InputError.truncatedGzip = error else { return XCTFail("\(error)") }
        }
    }

    func testCorruptDataIsReportedWithItsOffset() {
        var bytes = Fixture.gzip(String(repeating: "abcdefgh", count: 100))
        for i in 12..<20 { bytes[i] ^= 0xFF }
        XCTAssertThrowsError(try decodeAll(bytes)) { error in
            guard case InputError.corruptGzip(_, let offset, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertGreaterThan(offset, 0)
        }
    }

    func testBadChecksumIsCorrupt() {
        var bytes = Fixture.gzip("checksummed text\n")
        bytes[bytes.count - 6] ^= 0x01  // CRC32 in the trailer
        XCTAssertThrowsError(try decodeAll(bytes)) { error in
            guard case InputError.corruptGzip(_, _, _, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("check"), reason)
        }
    }

    func testGarbageAfterAMemberIsCorrupt() {
        let bytes = Fixture.gzip("first\n") + Array("not gzip".utf8)
        XCTAssertThrowsError(try decodeAll(bytes)) { error in
            guard case InputError.corruptGzip = error else { return XCTFail("\(error)") }
        }
    }

    func testMagicBytes() {
        XCTAssertTrue(GzipDecoder.hasGzipMagic(Fixture.gzip("x")))
        XCTAssertFalse(GzipDecoder.hasGzipMagic(Array("{}".utf8)))
        XCTAssertFalse(GzipDecoder.hasGzipMagic([0x1F]))
    }

    func testFileByteStreamReadsInChunksAndReportsMissingFiles() throws {
        let dir = try Fixture.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bytes = (0..<10_000).map { UInt8($0 % 251) }
        let path = try Fixture.write(bytes, to: "\(dir)/data.bin")
        let stream = try FileByteStream(path: path, chunkSize: 4096)
        var sizes: [Int] = []
        var out: [UInt8] = []
        stream.onChunk = { sizes.append($0) }
        while let chunk = try stream.read() { out += chunk }
        XCTAssertEqual(out, bytes)
        XCTAssertEqual(sizes, [4096, 4096, 1808])
        XCTAssertEqual(stream.bytesRead, 10_000)
        XCTAssertThrowsError(try FileByteStream(path: "\(dir)/missing")) { error in
            guard case InputError.cannotOpen(let p, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(p, "\(dir)/missing")
        }
    }
}
