#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How busy an hour is relative to the daily average: customers peak in the late afternoon UTC
/// (evening in Europe, midday in the Americas), staff work weekdays 13:00–22:00 UTC.
enum ActivityCurve {
    /// Customer activity: averages 1 over a day, about 0.3 at night and 1.6 at the peak.
    static func customers(_ t: CivilTime) -> Double {
        let phase = 2 * Double.pi * Double(t.hour - 17) / 24
        let shape = 0.3 + 1.2 * (0.5 + 0.5 * cos(phase))
        let weekend = t.weekday == 0 || t.weekday == 6 ? 1.1 : 1.0
        return shape / 0.9 * weekend
    }

    /// True during staff working hours.
    static func isWorkingHour(_ t: CivilTime) -> Bool {
        t.weekday >= 1 && t.weekday <= 5 && t.hour >= 13 && t.hour < 22
    }

    /// A random instant within the hour starting at `start`.
    static func instant(in start: Int64, _ rng: inout SplitMix64) -> Int64 {
        start + rng.int64(in: 0...(CivilTime.millisPerHour - 1))
    }
}
