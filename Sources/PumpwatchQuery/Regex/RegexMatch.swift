/// One match of a `LinearTimeRegex`: the matched text and each group's part of it.
public struct RegexMatch: Sendable {
    /// The text that was searched.
    public let text: String
    /// UTF-8 offsets: start and end of group k at 2k and 2k+1, -1 for a group that took no part.
    let slots: [Int]
    let groupNames: [String?]

    /// The range of group `k` (0: the whole match) in `text`, or nil when it took no part.
    public func range(_ k: Int) -> Range<String.Index>? {
        guard 2 * k + 1 < slots.count else { return nil }
        let start = slots[2 * k], end = slots[2 * k + 1]
        guard start >= 0, end >= start else { return nil }
        let utf8 = text.utf8
        return utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)
    }

    /// The text of group `k` (0: the whole match), or nil when it took no part.
    public func group(_ k: Int) -> Substring? {
        range(k).map { text[$0] }
    }

    /// The text of the group named `name`, or nil when there is none or it took no part.
    public func group(named name: String) -> Substring? {
        guard let k = groupNames.firstIndex(of: name) else { return nil }
        return group(k)
    }

    /// The UTF-8 offsets of the whole match.
    var utf8Range: Range<Int> { slots[0]..<slots[1] }
}
