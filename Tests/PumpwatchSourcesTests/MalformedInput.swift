import CZlib
import Foundation
import PumpwatchCore
import XCTest

@testable import PumpwatchSources

/// Builders of damaged input and ways of reading it, for the malformed-input tests.
enum MalformedInput {
    /// The fields the projected (fast path) reads keep of CloudTrail events.
    static let cloudTrailProjection = FieldProjection(names: ["event.id", "event.action", "event.provider"])
    /// The fields the projected (fast path) reads keep of Falcon events.
    static let falconProjection = FieldProjection(names: ["aid", "DomainName", "event_simpleName"])

    // MARK: - Records

    /// A Falcon FDR `DnsRequest` event whose `aid` is `id`, with the given `timestamp` member text.
    static func falconRecord(id: String, timestamp: String = #""1763632800000""#, contextTime: String? = #""1763632800.123""#) -> String {
        let context = contextTime.map { #","ContextTimeStamp":\#($0)"# } ?? ""
        return #"{"event_simpleName":"DnsRequest","aid":"\#(id)","cid":"c0ffee","timestamp":\#(timestamp)\#(context),"ComputerName":"WEB-01","DomainName":"api.twilio.com","RequestType":"1","ContextProcessId":"4242","FileName":"node"}"#
    }

    /// NDJSON of CloudTrail records with the given event ids.
    static func cloudTrailLines(_ ids: [String]) -> String {
        ids.map { Fixture.cloudTrailRecord(id: $0) }.joined(separator: "\n") + "\n"
    }

    // MARK: - Gzip

    /// One gzip member holding `parts` one after the other, with a sync flush after each part.
    ///
    /// Returns the compressed bytes and, per part, the compressed offset at which every byte of
    /// it and of the parts before it can be inflated.
    static func gzipFlushed(_ parts: [[UInt8]]) -> (bytes: [UInt8], flushOffsets: [Int]) {
        var stream = z_stream()
        let rc = deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(rc == Z_OK)
        defer { deflateEnd(&stream) }
        var out: [UInt8] = []
        var offsets: [Int] = []
        var scratch = [UInt8](repeating: 0, count: 1 << 16)
        for (i, part) in parts.enumerated() {
            var input = part
            let flush = i == parts.count - 1 ? Z_FINISH : Z_SYNC_FLUSH
            input.withUnsafeMutableBufferPointer { inBuf in
                stream.next_in = inBuf.baseAddress
                stream.avail_in = uInt(inBuf.count)
                repeat {
                    let produced: Int = scratch.withUnsafeMutableBufferPointer { outBuf in
                        stream.next_out = outBuf.baseAddress
                        stream.avail_out = uInt(outBuf.count)
                        let r = deflate(&stream, flush)
                        precondition(r == Z_OK || r == Z_STREAM_END || r == Z_BUF_ERROR)
                        return outBuf.count - Int(stream.avail_out)
                    }
                    out += scratch[0..<produced]
                } while stream.avail_out == 0 || stream.avail_in > 0
            }
            offsets.append(out.count)
        }
        return (out, offsets)
    }

    /// A gzip file that inflates to `head`, then `repeats` MiB of `filler`, then `tail`, built
    /// from concatenated members so that it stays about 1 KiB per MiB inflated.
    static func gzipBomb(head: String, filler: UInt8, repeats: Int, tail: String) -> [UInt8] {
        let block = Fixture.gzip([UInt8](repeating: filler, count: 1 << 20))
        var out = Fixture.gzip(head)
        out.reserveCapacity(out.count + block.count * repeats + 4096)
        for _ in 0..<repeats { out += block }
        out += Fixture.gzip(tail)
        return out
    }

    // MARK: - Memory

    /// Resets this process's peak resident set size, so that `peakResidentBytes()` measures from now;
    /// false where the kernel does not allow it.
    static func resetPeakResidentSize() -> Bool {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
        defer { try? handle.close() }
        do {
            try handle.write(contentsOf: Data("5".utf8))
            return true
        } catch {
            return false
        }
    }

    /// The peak resident set size of this process (`VmHWM`), in bytes.
    static func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            return digits.first.map { $0 * 1024 }
        }
        return nil
    }

    // MARK: - Reading every way

    /// What one way of reading produced: events, malformed records and file summaries.
    typealias Outcome = Fixture.Outcome

    /// The ways a file is read: the full path, the projected fast path, and the parallel reader
    /// with files cut into ranges of a few hundred bytes.
    enum Way: String, CaseIterable {
        case full, projected, parallel
    }

    /// Reads `paths` the given way; `projection` is used by the projected and parallel ways.
    static func read(
        _ paths: [String], way: Way, projection: FieldProjection, options change: (inout ReadOptions) -> Void = { _ in }
    ) throws -> Outcome {
        switch way {
        case .full:
            return try Fixture.read(paths, options: Fixture.options(change))
        case .projected:
            return try Fixture.read(paths, options: Fixture.options { $0.projection = projection; change(&$0) })
        case .parallel:
            let reader = ParallelSourceReader(options: Fixture.options { $0.projection = projection; change(&$0) }, filter: nil, workers: 2)
            reader.minRangeBytes = 256
            reader.maxRangeBytes = 1024
            var outcome = Outcome()
            outcome.summaries = try reader.read(
                paths: paths, makeSink: { MalformedInputSegmentSink() },
                onSegment: { outcome.events += $0.events }, onMalformed: { outcome.malformed.append($0) })
            return outcome
        }
    }

    /// Reads `paths` every way and checks that they agree on the summaries' counts and on every
    /// malformed record's origin and reason; returns the full path's outcome.
    static func readEveryWay(
        _ paths: [String], projection: FieldProjection, ways: [Way] = Way.allCases,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> Outcome {
        let full = try read(paths, way: .full, projection: projection)
        for way in ways where way != .full {
            let other = try read(paths, way: way, projection: projection)
            XCTAssertEqual(other.summaries.map(\.events), full.summaries.map(\.events), "events, \(way) read", file: file, line: line)
            XCTAssertEqual(other.summaries.map(\.malformed), full.summaries.map(\.malformed), "malformed, \(way) read", file: file, line: line)
            XCTAssertEqual(other.malformed, full.malformed, "malformed records, \(way) read", file: file, line: line)
            XCTAssertEqual(other.events.count, full.events.count, "events delivered, \(way) read", file: file, line: line)
            if way == .projected {
                XCTAssertEqual(other.events.map(\.origin), full.events.map(\.origin), "event origins, \(way) read", file: file, line: line)
            }
            for (a, b) in zip(full.events, other.events) {
                for name in projection.names ?? [] where a[name] != b[name] {
                    XCTFail("\(name) is \(String(describing: a[name])) read fully, \(String(describing: b[name])) in the \(way) read", file: file, line: line)
                }
            }
        }
        return full
    }
}
