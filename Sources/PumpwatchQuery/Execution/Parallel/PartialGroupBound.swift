import Foundation

/// What lets the partial runs of an aggregation with a group limit leave groups out.
///
/// One pass keeps the first `limit` distinct keys of the input, in order of first appearance, and
/// drops later ones; merging the parts in input order does the same (`AggregateOperator.merge`).
/// A part cannot simply stop at `limit` groups: a key it meets late may be one an earlier part
/// brought in first, and then the part's rows of it count. But a part needs only
///
/// - its own first `limit` keys: a key first seen in the whole input inside this part, after
///   `limit` other keys of the part, has at least `limit` keys before it and is never kept; and
/// - the keys the merge holds: once the merge holds `limit` groups it takes no new ones, so those
///   are the only other groups that can still be in the result.
///
/// The merge publishes its groups here (`admit(_:)`) the moment it holds `limit` of them. A part
/// holding `limit` groups keeps every new key until then (at most one part's worth of groups); once
/// they are published it removes its groups past the first `limit` that the merge does not hold,
/// and keeps a new key only when the merge holds it: at most twice `limit` groups per part. The
/// part then reports that it left groups out, and the merge marks the result partial, as it
/// would have on meeting them itself.
final class PartialGroupBound: @unchecked Sendable {
    private let lock = NSLock()
    private var published: GroupTable?

    init() {}

    /// The merge's groups, once it holds as many as the limit allows (they no longer change).
    var admitted: GroupTable? {
        lock.lock()
        defer { lock.unlock() }
        return published
    }

    /// Publishes the merge's groups; called once the merge holds the limit's worth of groups.
    func admit(_ groups: GroupTable) {
        lock.lock()
        defer { lock.unlock() }
        if published == nil { published = groups }
    }
}
