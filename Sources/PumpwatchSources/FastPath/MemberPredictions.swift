/// What a `ScanSchema` answered for each member position of the last record one reader scanned,
/// so that the next record, listing the same names in the same order, skips the hash lookups.
///
/// One per reader thread (a schema itself is shared and never changes); the first
/// `MemberPredictions.perLevel` members of each object level are remembered.
final class MemberPredictions {
    /// One member position's last name (its words and length) and the entry found for it (plus
    /// one; 0: not wanted; -2: not wanted, and a top-level name with a reserved prefix).
    struct Slot {
        var head: UInt64
        var tail: UInt64
        var length: Int32
        var entry: Int32
    }

    /// The member positions remembered per object level.
    static let perLevel = 48

    let slots: UnsafeMutablePointer<Slot>
    private let count: Int

    init(schema: ScanSchema) {
        count = max(1, schema.levelCount) * MemberPredictions.perLevel
        slots = .allocate(capacity: count)
        slots.initialize(repeating: Slot(head: 0, tail: 0, length: -1, entry: 0), count: count)
    }

    deinit {
        slots.deallocate()
    }
}
