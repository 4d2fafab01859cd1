import PumpwatchCore
import PumpwatchSources

/// Cuts bytes holding one or more JSON documents (back to back, or one per line), or the
/// elements of a JSON array, into parsed values, keeping each one's bytes.
enum JSONDocuments {
    struct Document {
        /// 1-based position among the documents.
        var number: Int
        var value: JSONValue
        var bytes: [UInt8]
    }

    /// The documents of `bytes` (`.documents`), or the elements of the array in it (`.array`);
    /// anything else is an error naming `what` and the 1-based position (as the record number for
    /// array elements).
    static func split(_ bytes: [UInt8], layout: RecordLayout = .documents, what: String) throws(IngestError) -> [Document] {
        let splitter = JSONRecordSplitter(source: MemoryByteStream(bytes), layout: layout, maxRecordBytes: max(1, bytes.count))
        func failure(_ reason: String, at number: Int) -> IngestError {
            layout == .array ? .malformed(reason, record: number) : .malformed("\(what), document \(number): \(reason)")
        }
        var out: [Document] = []
        while true {
            let item: SplitItem?
            do {
                item = try splitter.next()
            } catch {
                throw .malformed("\(what): \(error.reason)")
            }
            guard let item else { return out }
            switch item {
            case .failure(let split):
                throw failure(split.reason, at: out.count + 1)
            case .record(let raw):
                do {
                    out.append(Document(number: out.count + 1, value: try JSONParser.parse(raw.bytes), bytes: raw.bytes))
                } catch {
                    throw failure("invalid JSON: \(error)", at: out.count + 1)
                }
            }
        }
    }
}
