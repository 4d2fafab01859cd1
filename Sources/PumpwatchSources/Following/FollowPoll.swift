/// What one pass of a `FileFollower` read.
public struct FollowPoll: Sendable, Equatable {
    /// Events read in this pass.
    public var events = 0
    /// Malformed records reported in this pass.
    public var malformed = 0
    /// Files that were new in this pass (by device and inode).
    public var newFiles = 0
    /// Files found truncated (copy-and-truncate rotation) and read again from the start.
    public var truncated = 0
    /// Whole-mode files seen growing, left for a later pass.
    public var waiting = 0

    public init() {}
}
