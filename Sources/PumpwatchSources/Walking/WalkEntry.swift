/// One thing found while walking the input paths: a file to read, or a path that cannot be read.
public enum WalkEntry: Sendable, Equatable {
    /// A regular file (or a link to one) and its size in bytes.
    case file(path: String, size: Int64)
    /// A path that was skipped, and why (missing, unreadable, a symlink loop, not a regular file).
    case problem(path: String, reason: String)

    /// The path of the entry.
    public var path: String {
        switch self {
        case .file(let p, _), .problem(let p, _): return p
        }
    }
}
