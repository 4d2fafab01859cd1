/// A failure to read a file's bytes: it cannot be opened or read, or its compression is damaged.
///
/// Every case names the file; damaged gzip data also says how far decoding got.
public enum InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened (`errno` text in `reason`).
    case cannotOpen(path: String, reason: String)
    /// Reading failed after the file was opened.
    case readFailed(path: String, offset: Int64, reason: String)
    /// The gzip data ended before the end of its last member.
    case truncatedGzip(path: String, compressedOffset: Int64, decompressedOffset: Int64)
    /// The gzip data is not valid deflate data or carries a bad checksum.
    case corruptGzip(path: String, compressedOffset: Int64, decompressedOffset: Int64, reason: String)

    /// The file the error concerns.
    public var path: String {
        switch self {
        case .cannotOpen(let p, _), .readFailed(let p, _, _), .truncatedGzip(let p, _, _), .corruptGzip(let p, _, _, _):
            return p
        }
    }

    /// A sentence saying what went wrong and where, without the path.
    public var reason: String {
        switch self {
        case .cannotOpen(_, let r):
            return "cannot open file: \(r)"
        case .readFailed(_, let off, let r):
            return "read failed at byte \(off): \(r)"
        case .truncatedGzip(_, let c, let d):
            return "gzip stream truncated after \(c) compressed bytes (\(d) bytes decompressed)"
        case .corruptGzip(_, let c, let d, let r):
            return "corrupt gzip stream at compressed byte \(c) (\(d) bytes decompressed): \(r)"
        }
    }

    public var description: String { "\(path): \(reason)" }
}
