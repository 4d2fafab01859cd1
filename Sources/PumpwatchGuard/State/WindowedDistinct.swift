/// Distinct values over a sliding window.
///
/// A sketch for the current fixed window and one for the window before, counted together (so the
/// count covers between one and two window lengths).
struct WindowedDistinct<Sketch: BitSketch>: Sendable, Equatable {
    var window: UInt32 = 0
    var current = Sketch()
    var previous = Sketch()

    init() {}

    init(window: UInt32, current: Sketch, previous: Sketch) {
        self.window = window
        self.current = current
        self.previous = previous
    }

    private mutating func roll(to seconds: UInt32, width: UInt32) {
        let w = seconds / width
        guard w > window else { return }
        previous = w == window &+ 1 ? current : Sketch()
        current = Sketch()
        window = w
    }

    /// Adds the value with `hash`.
    mutating func insert(hash: UInt64, at seconds: UInt32, width: UInt32) {
        roll(to: seconds, width: width)
        current.insert(hash: hash)
    }

    /// Adds the value at bit `index` (exact positions, such as the last digits of a block).
    mutating func insert(bit index: Int, at seconds: UInt32, width: UInt32) {
        roll(to: seconds, width: width)
        current.set(bit: index)
    }

    /// The sketch of everything still in the window at `seconds`.
    func live(at seconds: UInt32, width: UInt32) -> Sketch {
        let w = seconds / width
        if w > window &+ 1 { return Sketch() }
        if w == window &+ 1 { return current }
        return current.union(previous)
    }

    /// The estimated distinct count at `seconds`.
    func estimate(at seconds: UInt32, width: UInt32) -> Double {
        live(at: seconds, width: width).estimate
    }

    /// The exact count of set positions at `seconds` (for exact-position use).
    func ones(at seconds: UInt32, width: UInt32) -> Int {
        live(at: seconds, width: width).ones
    }
}
