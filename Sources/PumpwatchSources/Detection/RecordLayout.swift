/// How the records of a file are laid out in its bytes.
public enum RecordLayout: Sendable, Hashable, CustomStringConvertible {
    /// One record per line: NDJSON or a text log.
    case lines
    /// The elements of a top-level JSON array (`[{...}, {...}]`).
    case array
    /// The elements of the array under a top-level key (`{"Records": [...]}`).
    case arrayUnderKey(String)
    /// Each top-level JSON document is a record; documents may follow each other with no separator.
    case documents

    public var description: String {
        switch self {
        case .lines: return "lines"
        case .array: return "array"
        case .arrayUnderKey(let k): return "array under \"\(k)\""
        case .documents: return "documents"
        }
    }
}
