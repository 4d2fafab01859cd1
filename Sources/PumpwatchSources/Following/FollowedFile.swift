/// Where reading one followed file has got to, saved so that a restart goes on from there.
///
/// A file is known by its device and inode rather than its path, so a file renamed by log
/// rotation keeps its position, and by a fingerprint of its first bytes, so an inode reused by
/// a new file is not mistaken for the old one.
public struct FollowedFile: Sendable, Codable, Equatable {
    /// How the file is read.
    public enum Mode: String, Sendable, Codable {
        /// Uncompressed one-record-per-line files: complete lines are read as they are appended.
        case tail
        /// Everything else (gzip, `{"Records": [...]}` documents, JSON arrays): read whole, once,
        /// when its size has stopped changing.
        case whole
    }

    public var path: String
    public var device: UInt64
    public var inode: UInt64
    public var mode: Mode
    /// Bytes consumed (tail mode: up to the end of the last complete line).
    public var offset: Int64
    /// Lines (tail mode) or records (whole mode) consumed.
    public var lines: Int
    /// FNV-1a of the file's first `fingerprintBytes` bytes (at most
    /// `FileFollower.fingerprintLength`) when they were first read.
    public var fingerprint: UInt64
    public var fingerprintBytes: Int
    /// Whole mode: read completely.
    public var complete: Bool

    public init(path: String, device: UInt64, inode: UInt64, mode: Mode, offset: Int64 = 0, lines: Int = 0, fingerprint: UInt64, fingerprintBytes: Int = FileFollower.fingerprintLength, complete: Bool = false) {
        self.path = path
        self.device = device
        self.inode = inode
        self.mode = mode
        self.offset = offset
        self.lines = lines
        self.fingerprint = fingerprint
        self.fingerprintBytes = fingerprintBytes
        self.complete = complete
    }
}
