import PumpwatchCore

/// Finds one client flooding a web or app endpoint that sends or checks one-time codes
/// (`otp-endpoint-flood`), from nginx/Apache access logs and Application Insights requests.
///
/// Requests whose path contains one of `paths` (case-insensitive) are counted per client address
/// in `window` (two adjacent buckets of half the window); `threshold` or more fire. The access log
/// and Application Insights usually both record a request, so the larger of the two counts. The
/// finding gives the busiest window, the share answered 429 (rate limited) and other errors,
/// the paths and user agents.
///
/// Parameters: `threshold` (20), `window` (5m), `paths` (`/send-otp`, `/verify`, `/otp`, `/sms`,
/// `/forgot-password`, `/resend`, `/send-code`, `/2fa`, `/mfa`), `max_tracked` (2000000).
public final class OTPEndpointFloodDetector: Detector {
    public static let name = "otp-endpoint-flood"

    public static let defaultPaths = ["/send-otp", "/verify", "/otp", "/sms", "/forgot-password", "/resend", "/send-code", "/2fa", "/mfa"]

    private let rule: Rule
    private let threshold: Int
    private let window: Int64
    private let paths: [String]
    private var counter: BurstCounter<String, CallTally>
    /// Per client, one detail per log (web access, app requests), so a request is counted once.
    private var details = DetailTable<String, [FloodDetail]>()
    private let files: SourceFiles
    private var clock: DetectionClock

    public init(rule: Rule, context: DetectionContext) throws(RuleError) {
        self.rule = rule
        files = SourceFiles()
        let p = rule.parameters
        threshold = try p.int("threshold", default: 20)
        window = try p.duration("window", default: 300_000)
        paths = try p.strings("paths", default: Self.defaultPaths).map { $0.lowercased() }
        let maxTracked = try p.int("max_tracked", default: 2_000_000)
        guard threshold >= 2 else { throw RuleError(key: "threshold", reason: "must be at least 2, found \(threshold)") }
        guard window >= 1000 else { throw RuleError(key: "window", reason: "must be at least 1s") }
        guard !paths.isEmpty, !paths.contains("") else { throw RuleError(key: "paths", reason: "name at least one non-empty path fragment") }
        guard maxTracked >= 1000 else { throw RuleError(key: "max_tracked", reason: "is too small") }
        counter = BurstCounter(window: window, maxCells: maxTracked)
        clock = DetectionClock(context: context)
    }

    /// A detector with `other`'s configuration and a copy of its state.
    private init(copying other: OTPEndpointFloodDetector) {
        rule = other.rule
        threshold = other.threshold
        window = other.window
        paths = other.paths
        counter = other.counter
        details = other.details
        files = other.files.copy()
        clock = other.clock
    }

    public func copy() -> OTPEndpointFloodDetector {
        OTPEndpointFloodDetector(copying: self)
    }

    public var formats: Set<SourceFormat> { [.webAccess, .appRequests, .ndjson] }
    public var fields: FieldProjection { FieldProjection(names: SMSAPICall.fields) }

    public func observe(_ observed: ObservedEvent) {
        let event = observed.event
        guard let call = observed.call?.sent(cognitoActions: [], paths: paths), call.api == "otp-endpoint",
            let ip = call.sourceIP, clock.isWithinEnd(call.time)
        else { return }
        // `failed` counts 429s; other errors are kept in the detail's results.
        counter.add(ip, at: call.time, CallTally(call, failed: call.statusCode == 429), file: files.id(event.origin.file))
        let cell = BurstCounter<String, CallTally>.Cell(key: ip, bucket: Bucketing.index(call.time, width: counter.bucketWidth))
        details.update(ip, hot: (counter.cells[cell]?.tally.total ?? 0) >= 2, make: { [FloodDetail(), FloodDetail(), FloodDetail()] }) {
            $0[call.view.rawValue].add(call)
        }
    }

    public func finish() -> [Finding] {
        var findings: [Finding] = []
        for (ip, b) in counter.bursts(threshold: threshold) {
            // The detail of the log that saw the most requests.
            let d = (details[ip] ?? [FloodDetail()]).max { $0.actions.total < $1.actions.total } ?? FloodDetail()
            let limitedShare = b.tally.total > 0 ? Double(b.tally.failed) / Double(b.tally.total) : 0
            var evidence: [(String, Value)] = [
                ("peak_requests", .int(Int64(b.peak.total))),
                ("peak_first", .date(b.peakFirst)),
                ("peak_last", .date(b.peakLast)),
                ("peak_span", .string(EvidenceText.span(b.peakLast - b.peakFirst))),
                ("threshold", .int(Int64(threshold))),
                ("window", .string(EvidenceText.duration(window))),
                ("requests_in_bursts", .int(Int64(b.tally.total))),
                ("rate_limited_429", .int(Int64(b.tally.failed))),
                ("rate_limited_share", .double(Statistics.rounded(limitedShare, 3))),
                ("bursts", .int(Int64(b.bursts))),
                ("paths", .string(EvidenceText.counts(d.actions.topSorted(10)))),
                ("status_codes", .string(EvidenceText.counts(d.results.topSorted(10)))),
                ("logs", EvidenceText.list(b.tally.views)),
            ]
            if !d.agents.values.isEmpty { evidence.append(("user_agents", EvidenceText.list(d.agents.values))) }
            let accepted = b.tally.total - b.tally.failed
            var severity = rule.severity
            if b.peak.total >= threshold * 5 || (accepted >= threshold && limitedShare < 0.5) { severity = severity.raised() }
            let topPath = d.actions.topSorted(1).first?.0 ?? "OTP"
            var summary = "\(ip) sent \(b.peak.total) requests to \(topPath) within \(EvidenceText.span(b.peakLast - b.peakFirst)) (threshold \(threshold) in \(EvidenceText.duration(window))); \(b.tally.failed) of \(b.tally.total) answered 429 (\(EvidenceText.percent(limitedShare)))"
            if b.bursts > 1 { summary += " over \(b.bursts) bursts" }
            findings.append(rule.finding(
                severity: severity, firstSeen: b.first, lastSeen: b.last, count: b.tally.total,
                entities: [("source.ip", .string(ip))], evidence: evidence, sources: files.paths(merging: b.files), summary: summary))
        }
        return findings.sorted { ($0.firstSeen ?? 0, $0.summary) < ($1.firstSeen ?? 0, $1.summary) }
    }
}
