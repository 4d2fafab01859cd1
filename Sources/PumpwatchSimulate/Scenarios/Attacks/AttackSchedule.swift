/// When the attacks happen: at fixed times of the last simulated day, so findings are easy to
/// place. At scales above 1 a fixed-size test repeats, spread evenly around the day from its time.
enum AttackSchedule {
    /// The attack day's `hour:minute:second`, moved on by `repetition` of `count` evenly spaced slots.
    static func time(_ context: SimulationContext, hour: Int, minute: Int = 0, second: Int = 0, repetition: Int = 0, of count: Int = 1) -> Int64 {
        let base = Int64(hour) * CivilTime.millisPerHour + Int64(minute) * CivilTime.millisPerMinute + Int64(second) * 1000
        let spacing = CivilTime.millisPerDay / Int64(max(1, count))
        let offset = (base + Int64(repetition) * spacing) % (CivilTime.millisPerDay - CivilTime.millisPerMinute)
        return context.attackDayStart + offset
    }

    /// The start of each repetition of a fixed-size test, in time order.
    static func repetitionStarts(_ context: SimulationContext, hour: Int, minute: Int = 0) -> [Int64] {
        let count = context.repetitions
        return (0..<count).map { time(context, hour: hour, minute: minute, repetition: $0, of: count) }.sorted()
    }

    /// `count` instants spread evenly over `[start, start + span)`, each nudged by up to a fifth of the gap.
    static func spread(_ count: Int, from start: Int64, over span: Int64, _ rng: inout SplitMix64) -> [Int64] {
        guard count > 0 else { return [] }
        let gap = span / Int64(count)
        return (0..<count).map { i in start + Int64(i) * gap + (gap >= 5 ? rng.int64(in: 0...(gap / 5)) : 0) }
    }

    /// Performs `steps` in time order, writing out everything before each step's time first, so
    /// that a campaign of any size holds only the records of the moment in memory. Each step is
    /// a time and a tag saying which kind of action it is.
    static func perform(_ context: SimulationContext, _ steps: [(time: Int64, kind: Int)], _ action: (Int64, Int) -> Void) {
        for step in steps.sorted(by: { $0.time != $1.time ? $0.time < $1.time : $0.kind < $1.kind }) {
            context.advance(to: step.time)
            action(step.time, step.kind)
        }
    }

    /// `times` tagged with `kind`, for `perform`.
    static func steps(_ times: [Int64], kind: Int) -> [(time: Int64, kind: Int)] {
        times.map { ($0, kind) }
    }
}
