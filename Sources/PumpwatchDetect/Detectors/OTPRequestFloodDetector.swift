import PumpwatchCore

/// Finds one client flooding Cognito's code-sending calls (`otp-request-flood`): `ForgotPassword`,
/// `SignUp`, `ResendConfirmationCode`, `InitiateAuth` and friends, each of which can text a code.
///
/// Counts the calls per source address in `window` (two adjacent buckets of half the window, so a
/// burst anywhere is caught) and fires at `threshold`. The finding gives the busiest window, the
/// share Cognito throttled (`LimitExceededException`, `TooManyRequestsException`,
/// `ThrottlingException`), the actions, user agents and result codes. Throttling shows the
/// service's limits held; a flood without it is worse, since every call may have sent a text.
///
/// Parameters: `threshold` (10), `window` (5m), `actions` (the Cognito actions counted),
/// `throttle_codes`, `max_tracked` (2000000).
public final class OTPRequestFloodDetector: Detector {
    public static let name = "otp-request-flood"

    private let rule: Rule
    private let threshold: Int
    private let window: Int64
    private let actions: Set<String>
    private let throttleCodes: Set<String>
    private var counter: BurstCounter<String, CallTally>
    private var details = DetailTable<String, FloodDetail>()
    private let files: SourceFiles
    private var clock: DetectionClock

    public init(rule: Rule, context: DetectionContext) throws(RuleError) {
        self.rule = rule
        files = SourceFiles()
        let p = rule.parameters
        threshold = try p.int("threshold", default: 10)
        window = try p.duration("window", default: 300_000)
        actions = Set(try p.strings("actions", default: SMSAPICall.defaultCognitoActions))
        throttleCodes = Set(try p.strings("throttle_codes", default: ["LimitExceededException", "TooManyRequestsException", "ThrottlingException"]))
        let maxTracked = try p.int("max_tracked", default: 2_000_000)
        guard threshold >= 2 else { throw RuleError(key: "threshold", reason: "must be at least 2, found \(threshold)") }
        guard window >= 1000 else { throw RuleError(key: "window", reason: "must be at least 1s") }
        guard !actions.isEmpty else { throw RuleError(key: "actions", reason: "name at least one Cognito action") }
        guard maxTracked >= 1000 else { throw RuleError(key: "max_tracked", reason: "is too small") }
        counter = BurstCounter(window: window, maxCells: maxTracked)
        clock = DetectionClock(context: context)
    }

    /// A detector with `other`'s configuration and a copy of its state.
    private init(copying other: OTPRequestFloodDetector) {
        rule = other.rule
        threshold = other.threshold
        window = other.window
        actions = other.actions
        throttleCodes = other.throttleCodes
        counter = other.counter
        details = other.details
        files = other.files.copy()
        clock = other.clock
    }

    public func copy() -> OTPRequestFloodDetector {
        OTPRequestFloodDetector(copying: self)
    }

    public var formats: Set<SourceFormat> { [.cloudtrail, .ndjson] }
    public var fields: FieldProjection { FieldProjection(names: SMSAPICall.fields) }

    public func observe(_ observed: ObservedEvent) {
        let event = observed.event
        guard let call = observed.call?.sent(cognitoActions: actions, paths: []), call.api == "cognito", clock.isWithinEnd(call.time) else { return }
        let key = call.sourceIP ?? call.principal ?? "unknown"
        let throttled = call.errorCode.map(throttleCodes.contains) ?? false
        counter.add(key, at: call.time, CallTally(call, failed: throttled), file: files.id(event.origin.file))
        let cell = BurstCounter<String, CallTally>.Cell(key: key, bucket: Bucketing.index(call.time, width: counter.bucketWidth))
        details.update(key, hot: (counter.cells[cell]?.tally.total ?? 0) >= 2, make: FloodDetail.init) { $0.add(call) }
    }

    public func finish() -> [Finding] {
        var findings: [Finding] = []
        for (ip, b) in counter.bursts(threshold: threshold) {
            let d = details[ip] ?? FloodDetail()
            let throttledShare = b.tally.total > 0 ? Double(b.tally.failed) / Double(b.tally.total) : 0
            var evidence: [(String, Value)] = [
                ("peak_requests", .int(Int64(b.peak.total))),
                ("peak_first", .date(b.peakFirst)),
                ("peak_last", .date(b.peakLast)),
                ("peak_span", .string(EvidenceText.span(b.peakLast - b.peakFirst))),
                ("threshold", .int(Int64(threshold))),
                ("window", .string(EvidenceText.duration(window))),
                ("requests_in_bursts", .int(Int64(b.tally.total))),
                ("throttled", .int(Int64(b.tally.failed))),
                ("throttled_share", .double(Statistics.rounded(throttledShare, 3))),
                ("peak_throttled", .int(Int64(b.peak.failed))),
                ("bursts", .int(Int64(b.bursts))),
                ("actions", .string(EvidenceText.counts(d.actions.topSorted(10)))),
                ("results", .string(EvidenceText.counts(d.results.topSorted(10)))),
            ]
            if !d.agents.values.isEmpty { evidence.append(("user_agents", EvidenceText.list(d.agents.values))) }
            if !d.principals.values.isEmpty { evidence.append(("principals", EvidenceText.list(d.principals.values))) }
            let unthrottled = b.tally.total - b.tally.failed
            var severity = rule.severity
            if b.peak.total >= threshold * 5 || (unthrottled >= threshold && throttledShare < 0.5) { severity = severity.raised() }
            let topAction = d.actions.topSorted(1).first?.0 ?? "code-sending"
            var summary = "\(ip) made \(b.peak.total) Cognito \(topAction) calls within \(EvidenceText.span(b.peakLast - b.peakFirst)) (threshold \(threshold) in \(EvidenceText.duration(window))); \(b.tally.failed) of \(b.tally.total) throttled (\(EvidenceText.percent(throttledShare)))"
            if b.bursts > 1 { summary += " over \(b.bursts) bursts" }
            findings.append(rule.finding(
                severity: severity, firstSeen: b.first, lastSeen: b.last, count: b.tally.total,
                entities: [("source.ip", .string(ip))], evidence: evidence, sources: files.paths(merging: b.files), summary: summary))
        }
        return findings.sorted { ($0.firstSeen ?? 0, $0.summary) < ($1.firstSeen ?? 0, $1.summary) }
    }
}
