import PumpwatchCore

/// Where the baseline and detection periods fall, once the data's time range is known.
///
/// The detection window ends at `now` when the user gave it, else at the latest event the
/// detector saw. Detectors count in hourly buckets, so the periods are whole buckets: the
/// detection window is the `detectionWindowMillis / 1h` buckets ending with the one holding the
/// end (the last, partial hour included), and the baseline is the `baselineMillis / 1h` buckets
/// before it, leaving out those before the first event seen so that hours before the data begins
/// do not count as quiet ones.
struct DetectionClock {
    let context: DetectionContext
    let width: Int64
    private(set) var earliest: Int64?
    private(set) var latest: Int64?

    init(context: DetectionContext, width: Int64 = Bucketing.hour) {
        self.context = context
        self.width = width
    }

    mutating func observe(_ millis: Int64) {
        if earliest == nil || millis < earliest! { earliest = millis }
        if latest == nil || millis > latest! { latest = millis }
    }

    /// The end of the detection window, or `nil` before any event (and without an explicit now).
    var windowEnd: Int64? {
        context.nowIsExplicit ? context.nowMillis : latest
    }

    private func count(_ millis: Int64) -> Int64 { max(1, (millis + width - 1) / width) }

    /// The index of the first bucket of the detection window.
    private var firstDetectionBucket: Int64? {
        windowEnd.map { Bucketing.index($0, width: width) - count(context.detectionWindowMillis) + 1 }
    }

    /// The start of the detection window's first bucket.
    var detectionStart: Int64? { firstDetectionBucket.map { Bucketing.start($0, width: width) } }

    /// The start of the baseline's first bucket (before clipping to the data).
    var baselineStart: Int64? { firstDetectionBucket.map { Bucketing.start($0 - count(context.baselineMillis), width: width) } }

    /// True when `millis` is not after the end of the window (events after an explicit `now` are ignored).
    func isWithinEnd(_ millis: Int64) -> Bool {
        guard context.nowIsExplicit else { return true }
        return millis <= context.nowMillis
    }

    /// Which period a bucket belongs to.
    enum Period {
        case baseline, detection
    }

    /// The indices of the buckets in `wanted` (bucket `i` starts at `i × width`), in order.
    func buckets(in wanted: Period) -> [Int64] {
        guard let end = windowEnd, let first = firstDetectionBucket else { return [] }
        switch wanted {
        case .detection:
            return Array(first...Bucketing.index(end, width: width))
        case .baseline:
            var from = first - count(context.baselineMillis)
            if let earliest { from = max(from, Bucketing.index(earliest, width: width)) }
            return from <= first - 1 ? Array(from...(first - 1)) : []
        }
    }

    /// The bucket holding the exact start of the detection window (`end − window`): the last
    /// bucket of the baseline, part of which may lie inside the window.
    var boundaryBucket: Int64? { firstDetectionBucket.map { $0 - 1 } }

    /// The exact start of the detection window, `end − window`.
    var exactDetectionStart: Int64? { windowEnd.map { $0 - context.detectionWindowMillis } }

    /// Whether something first seen at `firstSeen` is new in the detection window: it has no
    /// events in the baseline buckets before the boundary bucket (`baselineCount`), and it
    /// started after the window's exact start, or it has none in the boundary bucket either.
    /// Judging the boundary by the first time seen keeps a campaign that began minutes before the
    /// window's hour boundary new.
    func isNew(firstSeen: Int64, baselineCount: Int, boundaryCount: Int) -> Bool {
        guard baselineCount == 0, let start = exactDetectionStart else { return false }
        return firstSeen > start || boundaryCount == 0
    }

    /// The detection window and baseline as evidence pairs.
    func windowEvidence() -> [(String, Value)] {
        var out: [(String, Value)] = []
        guard let s = detectionStart, let e = windowEnd else { return out }
        out.append(("detection_window", .string(Timestamp.iso8601(millis: s) + " – " + Timestamp.iso8601(millis: e))))
        let baseline = buckets(in: .baseline)
        if let b = baseline.first {
            out.append(("baseline_period", .string(Timestamp.iso8601(millis: Bucketing.start(b, width: width)) + " – " + Timestamp.iso8601(millis: s))))
        }
        return out
    }
}
