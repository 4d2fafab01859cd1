import PumpwatchCore

/// Where the baseline and detection periods fall, once the data's time range is known.
///
/// The detection window ends at `now` when the user gave it, else at the latest event the
/// detector saw; the baseline is the `baselineMillis` before the window. Buckets are judged by
/// their midpoint, so an hourly bucket belongs to the period holding most of it.
struct DetectionClock {
    let context: DetectionContext
    private(set) var earliest: Int64?
    private(set) var latest: Int64?

    init(context: DetectionContext) {
        self.context = context
    }

    mutating func observe(_ millis: Int64) {
        if earliest == nil || millis < earliest! { earliest = millis }
        if latest == nil || millis > latest! { latest = millis }
    }

    /// The end of the detection window, or `nil` before any event (and without an explicit now).
    var windowEnd: Int64? {
        context.nowIsExplicit ? context.nowMillis : latest
    }

    var detectionStart: Int64? { windowEnd.map { $0 - context.detectionWindowMillis } }
    var baselineStart: Int64? { detectionStart.map { $0 - context.baselineMillis } }

    /// Which period a time falls in.
    enum Period {
        case before, baseline, detection, after
    }

    func period(of millis: Int64) -> Period {
        guard let end = windowEnd, let detection = detectionStart, let baseline = baselineStart else { return .before }
        if millis > end { return .after }
        if millis > detection { return .detection }
        if millis > baseline { return .baseline }
        return .before
    }

    /// The period of the bucket `[start, start + width)`, judged by its midpoint.
    /// The bucket holding the window's end belongs to the detection window even when most of it
    /// lies after the end.
    func period(ofBucket start: Int64, width: Int64) -> Period {
        period(of: min(start + width / 2, windowEnd ?? .max))
    }

    /// True when `millis` is not after the end of the window (events after an explicit `now` are ignored).
    func isWithinEnd(_ millis: Int64) -> Bool {
        guard context.nowIsExplicit else { return true }
        return millis <= context.nowMillis
    }

    /// The indices of the buckets of `width` that fall in `wanted` (bucket `i` starts at
    /// `i × width`). Baseline buckets before the first event seen are left out, so that hours
    /// before the data begins do not count as quiet ones.
    func buckets(width: Int64, in wanted: Period) -> [Int64] {
        guard let end = windowEnd, let from = baselineStart else { return [] }
        let lo = Bucketing.index(from, width: width)
        let hi = Bucketing.index(end, width: width)
        guard lo <= hi else { return [] }
        let dataStart = earliest ?? from
        return (lo...hi).filter { i in
            let mid = Bucketing.midpoint(i, width: width)
            guard period(ofBucket: Bucketing.start(i, width: width), width: width) == wanted else { return false }
            return wanted != .baseline || mid >= Bucketing.start(Bucketing.index(dataStart, width: width), width: width)
        }
    }

    /// The detection window and baseline as evidence pairs.
    func windowEvidence() -> [(String, Value)] {
        var out: [(String, Value)] = []
        if let s = detectionStart, let e = windowEnd {
            out.append(("detection_window", .string(Timestamp.iso8601(millis: s) + " – " + Timestamp.iso8601(millis: e))))
        }
        if let b = baselineStart, let s = detectionStart {
            out.append(("baseline_period", .string(Timestamp.iso8601(millis: max(b, earliest ?? b)) + " – " + Timestamp.iso8601(millis: s))))
        }
        return out
    }
}
