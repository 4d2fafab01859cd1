import PumpwatchCore

/// Calendar arithmetic on epoch milliseconds: truncation to spans and adding spans.
public enum DateMath {
    /// Rounds `millis` down to a multiple of `span`: epoch-aligned for fixed spans, Monday-aligned
    /// weeks, and calendar months, quarters and years.
    public static func truncate(_ millis: Int64, to span: TimeSpan) -> Int64 {
        let n = max(1, span.amount)
        switch span.unit {
        case .millisecond, .second, .minute, .hour, .day:
            let size = span.milliseconds
            guard size > 0 else { return millis }
            return floorDiv(millis, size) * size
        case .week:
            let size = n * 7 * 86_400_000
            let monday: Int64 = 4 * 86_400_000
            return floorDiv(millis - monday, size) * size + monday
        case .month, .quarter, .year:
            let monthsPer: Int64 = span.unit == .month ? n : (span.unit == .quarter ? 3 * n : 12 * n)
            let (y, m, _) = Timestamp.civil(fromDays: floorDiv(millis, 86_400_000))
            let index = y * 12 + (m - 1)
            let start = floorDiv(index, monthsPer) * monthsPer
            return Timestamp.days(year: floorDiv(start, 12), month: start - floorDiv(start, 12) * 12 + 1, day: 1) * 86_400_000
        }
    }

    /// `millis + sign * span`, with calendar months and years.
    public static func add(_ millis: Int64, _ span: TimeSpan, sign: Int64) -> Int64 {
        switch span.unit {
        case .month, .quarter, .year:
            let months = sign * span.amount * (span.unit == .month ? 1 : (span.unit == .quarter ? 3 : 12))
            let days = floorDiv(millis, 86_400_000)
            let msOfDay = millis - days * 86_400_000
            let (y, m, d) = Timestamp.civil(fromDays: days)
            let index = y * 12 + (m - 1) + months
            let ny = floorDiv(index, 12), nm = index - ny * 12 + 1
            let lastDay = Timestamp.days(year: nm == 12 ? ny + 1 : ny, month: nm == 12 ? 1 : nm + 1, day: 1) - Timestamp.days(year: ny, month: nm, day: 1)
            return Timestamp.days(year: ny, month: nm, day: min(d, lastDay)) * 86_400_000 + msOfDay
        default:
            return millis + sign * span.milliseconds
        }
    }

    @inline(__always) static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
