/// Distinct countries over a sliding window, as two fixed windows of `CountrySet` counted together.
struct WindowedCountries: Sendable, Equatable {
    var window: UInt32 = 0
    var current = CountrySet()
    var previous = CountrySet()

    init() {}

    init(window: UInt32, current: CountrySet, previous: CountrySet) {
        self.window = window
        self.current = current
        self.previous = previous
    }

    mutating func insert(_ country: CountryKey, at seconds: UInt32, width: UInt32) {
        let w = seconds / width
        if w > window {
            previous = w == window &+ 1 ? current : CountrySet()
            current = CountrySet()
            window = w
        }
        current.insert(country)
    }

    func live(at seconds: UInt32, width: UInt32) -> CountrySet {
        let w = seconds / width
        if w > window &+ 1 { return CountrySet() }
        if w == window &+ 1 { return current }
        return current.union(previous)
    }
}
