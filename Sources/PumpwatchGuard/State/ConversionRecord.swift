/// Codes sent and verified for a country or a number prefix.
///
/// Per hour, day and week, and the day's spend (for countries).
struct ConversionRecord: PackedRecord, Equatable {
    var sent = RateWindows()
    var verified = RateWindows()
    /// Over a week, for destinations too quiet to judge in a day.
    var sentWeek = SlidingCount()
    var verifiedWeek = SlidingCount()

    static let weekSeconds: UInt32 = 604_800
    /// The UTC day (`seconds / 86400`) of `spend`.
    var spendDay: UInt32 = 0
    /// What the codes sent on `spendDay` cost, by the price table.
    var spend: Double = 0

    init() {}

    /// Unverified codes in the last hour and day (sent minus verified, never negative).
    func unverified(at s: UInt32) -> (hour: Double, day: Double) {
        (max(0, sent.perHour(at: s) - verified.perHour(at: s)), max(0, sent.perDay(at: s) - verified.perDay(at: s)))
    }

    /// Counts a code sent at `s`.
    mutating func addSent(at s: UInt32) {
        sent.add(at: s)
        sentWeek.add(at: s, width: ConversionRecord.weekSeconds)
    }

    /// Counts the verification at `now` of a code sent at `past`.
    mutating func credit(at past: UInt32, now: UInt32) {
        verified.credit(at: past, now: now)
        verifiedWeek.credit(at: past, now: now, width: ConversionRecord.weekSeconds)
    }

    /// Codes sent and verified over the last day, or the last week for quiet destinations.
    ///
    /// Over the last day when at least `minimum` were sent, else over the last week when as many
    /// were, else `nil`; with the window's name.
    func conversion(at s: UInt32, minimum: Double) -> (sent: Double, verified: Double, window: String)? {
        let minimum = max(1, minimum)
        let day = sent.perDay(at: s)
        if day >= minimum { return (day, verified.perDay(at: s), "day") }
        let week = sentWeek.estimate(at: s, width: ConversionRecord.weekSeconds)
        if week >= minimum { return (week, verifiedWeek.estimate(at: s, width: ConversionRecord.weekSeconds), "week") }
        return nil
    }

    /// The day's spend at `s`.
    func spend(at s: UInt32) -> Double {
        s / RateWindows.daySeconds == spendDay ? spend : 0
    }

    mutating func addSpend(_ usd: Double, at s: UInt32) {
        let day = s / RateWindows.daySeconds
        if day > spendDay {
            spendDay = day
            spend = 0
        }
        spend += usd
    }

    func pack(into w: inout PackedWriter) {
        w.put(sent)
        w.put(verified)
        w.put(sentWeek)
        w.put(verifiedWeek)
        w.put(spendDay)
        w.put(spend)
    }

    init(unpacking r: inout PackedReader) throws(GuardStateError) {
        sent = try r.rateWindows()
        verified = try r.rateWindows()
        sentWeek = try r.slidingCount()
        verifiedWeek = try r.slidingCount()
        spendDay = try r.u32()
        spend = try r.double()
    }
}
