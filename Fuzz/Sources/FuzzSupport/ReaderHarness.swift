import PumpwatchCore
import PumpwatchSources

/// Reads a fuzz input as a file of one format and checks what every reader must guarantee:
/// nothing traps; every record becomes events or a malformed record whose origin is a line of
/// the input, in input order; events carry the reader's format; and the result does not depend
/// on how the stream is cut into chunks.
///
/// The first input byte chooses the layout (among those format detection can give the format),
/// the chunk size and the largest record size; the rest is the file.
public enum ReaderHarness {
    /// Chunk sizes, small ones to cut records, escapes and UTF-8 sequences at every position.
    static let chunkSizes = [1, 2, 3, 5, 16, 100, 4096, 1 << 20]
    /// Largest record sizes, small ones to reach the too-long-record paths.
    static let recordLimits = [16 << 20, 40, 512, 8192]

    /// The layouts format detection gives files of `format`.
    public static func layouts(for format: SourceFormat) -> [RecordLayout] {
        switch format {
        case .cloudtrail: return [.lines, .arrayUnderKey("Records"), .documents, .array, .arrayUnderKey("QueryResultRows")]
        case .twilioMessages: return [.lines, .arrayUnderKey("messages"), .array, .documents]
        case .snsDelivery: return [.lines, .documents, .arrayUnderKey("events"), .array]
        case .cloudwatchMetrics: return [.arrayUnderKey("MetricDataResults"), .lines, .documents, .array]
        case .appRequests: return [.documents, .lines, .array]
        case .webAccess: return [.lines]
        case .falcon, .twilioEvents, .ndjson: return [.lines, .array, .documents]
        }
    }

    public static func check(_ format: SourceFormat, _ input: FuzzInput) {
        var input = input
        let control = input.takeByte()
        let bytes = input.payload
        let layouts = layouts(for: format)
        let layout = layouts[Int(control & 0x07) % layouts.count]
        let chunkSize = chunkSizes[Int(control >> 3 & 0x07)]
        let maxRecordBytes = recordLimits[Int(control >> 6)]
        let path = "fuzz.\(format.rawValue)"
        let reader = FormatReaders.reader(for: format)

        let items = read(reader, bytes, path: path, layout: layout, chunkSize: chunkSize, maxRecordBytes: maxRecordBytes)
        ReadItemCheck.requireWellFormed(items, path: path, bounds: TextBounds(utf8: bytes), format: format, input: bytes)
        if chunkSize != 1 << 20 {
            let whole = read(reader, bytes, path: path, layout: layout, chunkSize: 1 << 20, maxRecordBytes: maxRecordBytes)
            ReadItemCheck.requireSame(items, whole, "\(layout) in chunks of \(chunkSize) against one chunk", input: bytes)
        }
    }

    /// Every item `reader` reports for `bytes`, in order.
    public static func read(
        _ reader: any FormatReader, _ bytes: [UInt8], path: String, layout: RecordLayout, chunkSize: Int, maxRecordBytes: Int
    ) -> [ReadItem] {
        var items: [ReadItem] = []
        do {
            try reader.read(
                MemoryByteStream(bytes, chunkSize: chunkSize), path: path, layout: layout, maxRecordBytes: maxRecordBytes,
                onEvent: { items.append(.event($0)) }, onMalformed: { items.append(.malformed($0)) })
        } catch {
            PropertyCheck.fail("reading from memory throws \(error); input \(PropertyCheck.excerpt(bytes))")
        }
        return items
    }
}
