/// An event count over a sliding window, in twelve bytes.
///
/// Kept as two fixed windows: the current one and the one before, weighted by how much of it still
/// overlaps the sliding window (the approximation rate limiters such as Cloudflare's use). Twelve
/// bytes, whatever the rate.
struct SlidingCount: Sendable, Equatable {
    /// The index of the current fixed window (`seconds / width`).
    var window: UInt32 = 0
    var current: UInt32 = 0
    var previous: UInt32 = 0

    init() {}

    init(window: UInt32, current: UInt32, previous: UInt32) {
        self.window = window
        self.current = current
        self.previous = previous
    }

    /// Moves to the fixed window holding `seconds`; time running backwards keeps the current window.
    mutating func roll(to seconds: UInt32, width: UInt32) {
        let w = seconds / width
        guard w > window else { return }
        previous = w == window &+ 1 ? current : 0
        current = 0
        window = w
    }

    /// Counts `n` events at `seconds`.
    mutating func add(at seconds: UInt32, width: UInt32, _ n: UInt32 = 1) {
        roll(to: seconds, width: width)
        current = current.addingReportingOverflow(n).overflow ? .max : current &+ n
    }

    /// Counts one event that happened at `past` (a send later verified) if its fixed window is still kept.
    mutating func credit(at past: UInt32, now: UInt32, width: UInt32) {
        roll(to: now, width: width)
        let w = past / width
        if w == window {
            current = current == .max ? .max : current + 1
        } else if w &+ 1 == window {
            previous = previous == .max ? .max : previous + 1
        }
    }

    /// The estimated count over the `width` seconds ending at `seconds`.
    func estimate(at seconds: UInt32, width: UInt32) -> Double {
        let w = seconds / width
        if w > window &+ 1 { return 0 }
        if w == window &+ 1 { return Double(current) * SlidingCount.overlap(seconds, width) }
        if w < window { return Double(current) + Double(previous) }
        return Double(current) + Double(previous) * SlidingCount.overlap(seconds, width)
    }

    /// The share of the previous fixed window still inside the sliding window ending at `seconds`.
    static func overlap(_ seconds: UInt32, _ width: UInt32) -> Double {
        1 - Double(seconds % width) / Double(width)
    }
}
