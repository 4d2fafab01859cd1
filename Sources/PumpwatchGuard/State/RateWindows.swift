/// An hourly and a daily sliding count of the same events (24 bytes).
struct RateWindows: Sendable, Equatable {
    var hour = SlidingCount()
    var day = SlidingCount()

    static let hourSeconds: UInt32 = 3600
    static let daySeconds: UInt32 = 86_400

    init() {}

    init(hour: SlidingCount, day: SlidingCount) {
        self.hour = hour
        self.day = day
    }

    mutating func add(at seconds: UInt32) {
        hour.add(at: seconds, width: RateWindows.hourSeconds)
        day.add(at: seconds, width: RateWindows.daySeconds)
    }

    /// Counts an event of `past` that is learnt about at `now` (a verification of an earlier send).
    mutating func credit(at past: UInt32, now: UInt32) {
        hour.credit(at: past, now: now, width: RateWindows.hourSeconds)
        day.credit(at: past, now: now, width: RateWindows.daySeconds)
    }

    func perHour(at seconds: UInt32) -> Double { hour.estimate(at: seconds, width: RateWindows.hourSeconds) }
    func perDay(at seconds: UInt32) -> Double { day.estimate(at: seconds, width: RateWindows.daySeconds) }
}
