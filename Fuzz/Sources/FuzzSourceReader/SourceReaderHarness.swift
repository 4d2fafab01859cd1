import Foundation
import FuzzSupport
import PumpwatchCore
import PumpwatchSources

/// Fuzzes `SourceReader` on a whole file: gzip detection and inflating, format and layout
/// detection, the reader chosen, and the fast path a projection turns on.
///
/// - Nothing traps or throws; every event and malformed record comes from the file, from a line
///   of its (inflated) text, in order; the file's summary counts exactly what was reported.
/// - A projected read gives the events of the full read, projected, and the same malformed records.
/// - The file gzipped gives what the file gives; a gzip file cut short reports the damage.
///
/// The first input byte chooses gzip (and whether and where to cut it), the projection and the
/// largest record size; the rest is the file's content.
@main
enum SourceReaderHarness {
    static func main() {
        FuzzDriver.run { data, size in
            SourceReaderHarness.check(FuzzInput(data, size))
            return 0
        }
    }

    static let projections: [Set<String>] = [
        ["@timestamp", "event.provider", "event.action", "aws.cloudtrail.request_parameters", "cloud.account.id", "source.address"],
        ["#event_simpleName", "DomainName", "aid", "ComputerName", "@timestamp"],
        ["sms.to", "@timestamp", "url.path", "http.response.status_code"],
    ]
    static let recordLimits = [16 << 20, 64, 1024, 8192]

    static let folder: String = {
        let dir = NSTemporaryDirectory() + "pumpwatch-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    static func check(_ input: FuzzInput) {
        var input = input
        let control = input.takeByte()
        let cut = Int(input.takeByte())
        let content = input.payload
        let gzip = control & 1 == 1
        let truncated = gzip && control & 2 == 2
        var options = ReadOptions()
        options.showsProgress = false
        options.maxRecordBytes = recordLimits[Int(control >> 4 & 3)]
        let projection = projections[Int(control >> 2 & 3) % projections.count]

        var file = gzip ? StoredGzip.compress(content, blockSize: 1 + cut * 7) : content
        if truncated { file.removeLast(1 + cut % min(file.count, 40)) }
        let path = folder + "/input"
        PropertyCheck.require(FileManager.default.createFile(atPath: path, contents: Data(file)), "cannot write \(path)")

        let (items, summaries) = read(path, options: options)
        let bounds = TextBounds(utf8: content)
        ReadItemCheck.requireWellFormed(items, path: path, bounds: bounds, format: summaries.first?.format, input: file, wholeFileLine: true)
        requireSummary(summaries, items, path: path, file: file)
        if truncated {
            PropertyCheck.require(items.contains { if case .malformed = $0 { return true } else { return false } },
                "a gzip file cut short reads without a report: \(PropertyCheck.excerpt(content))")
            return
        }

        var projected = options
        projected.projection = FieldProjection(names: projection)
        let (narrow, _) = read(path, options: projected)
        let expected = items.map { item -> ReadItem in
            guard case .event(var event) = item else { return item }
            let timestamp = event.fields["@timestamp"]
            projected.projection.apply(to: &event.fields)
            if let timestamp { event.fields["@timestamp"] = timestamp }
            return .event(event)
        }
        ReadItemCheck.requireSame(expected, narrow, "full read projected against read with projection \(projection.sorted())", input: file)

        if !gzip && !GzipDecoder.hasGzipMagic(content) {
            let gzipped = Data(StoredGzip.compress(content, blockSize: 1 + cut * 7))
            PropertyCheck.require(FileManager.default.createFile(atPath: path, contents: gzipped), "cannot write \(path)")
            let (inflated, _) = read(path, options: options)
            ReadItemCheck.requireSame(items, inflated, "plain file against the same file gzipped", input: content)
        }
    }

    static func read(_ path: String, options: ReadOptions) -> ([ReadItem], [FileSummary]) {
        var items: [ReadItem] = []
        do {
            let summaries = try SourceReader(options: options).read(
                paths: [path], onEvent: { items.append(.event($0)) }, onMalformed: { items.append(.malformed($0)) })
            return (items, summaries)
        } catch {
            PropertyCheck.fail("SourceReader throws \(error) outside strict mode")
        }
    }

    /// One summary for the file, counting what was reported.
    static func requireSummary(_ summaries: [FileSummary], _ items: [ReadItem], path: String, file: [UInt8]) {
        PropertyCheck.require(summaries.count == 1, "\(summaries.count) summaries for one file: \(PropertyCheck.excerpt(file))")
        let summary = summaries[0]
        let events = items.compactMap { if case .event(let e) = $0 { return e } else { return nil } }
        PropertyCheck.require(summary.path == path, "the summary names \(summary.path)")
        PropertyCheck.require(summary.events == events.count, "the summary counts \(summary.events) events, \(events.count) were read: \(PropertyCheck.excerpt(file))")
        PropertyCheck.require(summary.malformed == items.count - events.count,
            "the summary counts \(summary.malformed) malformed records, \(items.count - events.count) were reported: \(PropertyCheck.excerpt(file))")
        PropertyCheck.require(summary.first == events.compactMap(\.timestampMillis).min(), "the summary's first time differs: \(PropertyCheck.excerpt(file))")
        PropertyCheck.require(summary.last == events.compactMap(\.timestampMillis).max(), "the summary's last time differs: \(PropertyCheck.excerpt(file))")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSourceReader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    SourceReaderHarness.check(FuzzInput(data, size))
    return 0
}
