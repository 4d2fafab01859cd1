/// What every rule in a hunt shares: the clock and the baseline and detection periods.
///
/// Input arrives in file order, not time order, so detectors bucket counts by time and decide
/// at `finish()`: events in the last `detectionWindow` before the data's end (or `now`) are
/// judged against the `baseline` period before them.
public struct DetectionContext: Sendable {
    /// `now()` for query rules and the end of the detection window when set (epoch ms).
    public var nowMillis: Int64
    /// Whether `nowMillis` came from the user (`--now`); otherwise the data's last event ends the window.
    public var nowIsExplicit: Bool
    /// How far back the baseline reaches before the detection window (default 7 days).
    public var baselineMillis: Int64
    /// The recent period judged against the baseline (default 1 day).
    public var detectionWindowMillis: Int64

    public init(nowMillis: Int64, nowIsExplicit: Bool = false, baselineMillis: Int64 = 7 * 86_400_000, detectionWindowMillis: Int64 = 86_400_000) {
        self.nowMillis = nowMillis
        self.nowIsExplicit = nowIsExplicit
        self.baselineMillis = baselineMillis
        self.detectionWindowMillis = detectionWindowMillis
    }
}
