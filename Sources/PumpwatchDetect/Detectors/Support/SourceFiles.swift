/// Interns the files events came from, so detectors can remember them as small numbers.
///
/// `FileRefs` holds up to four of them inline; a finding's `sources` is the union of the refs
/// of what it summarises, deduplicated and capped.
final class SourceFiles {
    private var ids: [String: Int32] = [:]
    private(set) var paths: [String] = []
    /// Past this many distinct files, new ones share the last id (the evidence stays bounded).
    let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// A table with the same files and ids that interns new files on its own.
    func copy() -> SourceFiles {
        let copy = SourceFiles(capacity: capacity)
        copy.ids = ids
        copy.paths = paths
        return copy
    }

    /// The id of `path`.
    func id(_ path: String) -> Int32 {
        if let id = ids[path] { return id }
        guard paths.count < capacity else { return Int32(paths.count - 1) }
        let id = Int32(paths.count)
        ids[path] = id
        paths.append(path)
        return id
    }

    /// The paths of `refs`, in first-seen order, at most `limit`.
    func paths(_ refs: FileRefs, limit: Int = 20) -> [String] {
        refs.ids.prefix(limit).map { paths[Int($0)] }
    }

    /// The paths of several refs merged, deduplicated, at most `limit`.
    func paths<S: Sequence>(merging refs: S, limit: Int = 20) -> [String] where S.Element == FileRefs {
        var seen = Set<Int32>()
        var out: [String] = []
        for r in refs {
            for id in r.ids where out.count < limit && seen.insert(id).inserted {
                out.append(paths[Int(id)])
            }
            if out.count >= limit { break }
        }
        return out
    }
}

/// Up to four file ids, without repeats, stored inline.
struct FileRefs: Sendable, Hashable {
    private var a: Int32 = -1, b: Int32 = -1, c: Int32 = -1, d: Int32 = -1

    init() {}

    init(_ id: Int32) { a = id }

    mutating func insert(_ id: Int32) {
        if a == id || b == id || c == id || d == id { return }
        if a < 0 { a = id } else if b < 0 { b = id } else if c < 0 { c = id } else if d < 0 { d = id }
    }

    mutating func formUnion(_ other: FileRefs) {
        for id in other.ids { insert(id) }
    }

    var ids: [Int32] { [a, b, c, d].filter { $0 >= 0 } }
}
