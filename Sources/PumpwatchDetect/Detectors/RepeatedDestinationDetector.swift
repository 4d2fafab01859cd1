import PumpwatchCore

/// Finds one phone number receiving many texts or codes in a short window (`repeated-destination`).
///
/// Reads every outbound text the sources show: SNS `Publish` to a phone number and Cognito calls
/// with a visible number (CloudTrail), SNS delivery status logs, Twilio messages and Event
/// Streams message events (one message reported by several logs counts once), and Twilio Verify
/// code sends. A number that gets `threshold` or more within `window` fires; the finding gives
/// the busiest window, how many bursts there were, the logs and callers, and the cost.
///
/// Parameters: `threshold` (5), `window` (60s), `dedupe_capacity` (200000 recent Event Streams
/// message ids), `max_tracked` (2000000 number-and-bucket counters before single texts are dropped).
public final class RepeatedDestinationDetector: Detector {
    public static let name = "repeated-destination"

    private let rule: Rule
    private let threshold: Int
    private let window: Int64
    private var intake: MessageIntake
    private var counter: BurstCounter<UInt64, MessageTally>
    private var details = DetailTable<UInt64, Detail>()
    private let files: SourceFiles
    private var clock: DetectionClock

    /// Who sent to a number, and the statuses its texts reached.
    private struct Detail {
        var callers = BoundedSamples<String>(limit: 5)
        var addresses = BoundedSamples<String>(limit: 5)
        var agents = BoundedSamples<String>(limit: 3)
        var statuses = BoundedCounter<String>(capacity: 10)
    }

    public init(rule: Rule, context: DetectionContext) throws(RuleError) {
        self.rule = rule
        files = SourceFiles()
        let p = rule.parameters
        threshold = try p.int("threshold", default: 5)
        window = try p.duration("window", default: 60_000)
        let capacity = try p.int(MessageIntake.capacityParameter, default: MessageIntake.defaultCapacity)
        let maxTracked = try p.int("max_tracked", default: 2_000_000)
        guard threshold >= 2 else { throw RuleError(key: "threshold", reason: "must be at least 2, found \(threshold)") }
        guard window >= 1000 else { throw RuleError(key: "window", reason: "must be at least 1s") }
        guard capacity >= 1, maxTracked >= 1000 else {
            throw RuleError(key: capacity < 1 ? MessageIntake.capacityParameter : "max_tracked", reason: "is too small")
        }
        intake = MessageIntake(capacity: capacity)
        counter = BurstCounter(window: window, maxCells: maxTracked)
        clock = DetectionClock(context: context)
    }

    /// A detector with `other`'s configuration and a copy of its state.
    private init(copying other: RepeatedDestinationDetector) {
        rule = other.rule
        threshold = other.threshold
        window = other.window
        intake = other.intake
        counter = other.counter
        details = other.details
        files = other.files.copy()
        clock = other.clock
    }

    public func copy() -> RepeatedDestinationDetector {
        RepeatedDestinationDetector(copying: self)
    }

    public var formats: Set<SourceFormat> { MessageIntake.formats }
    public var fields: FieldProjection { FieldProjection(names: OutboundMessage.fields) }

    public func observe(_ observed: ObservedEvent) {
        let event = observed.event
        guard let m = intake.accept(observed), let number = m.destination, clock.isWithinEnd(m.time) else { return }
        clock.observe(m.time)
        let file = files.id(event.origin.file)
        counter.add(number.value, at: m.time, MessageTally(view: m.view, price: m.price), file: file)
        let cell = BurstCounter<UInt64, MessageTally>.Cell(key: number.value, bucket: Bucketing.index(m.time, width: counter.bucketWidth))
        details.update(number.value, hot: (counter.cells[cell]?.tally.total ?? 0) >= 2, make: Detail.init) { d in
            if let v = m.callerARN { d.callers.insert(v) }
            if let v = m.sourceIP { d.addresses.insert(v) }
            if let v = m.userAgent { d.agents.insert(v) }
            if let v = m.status { d.statuses.add(v) }
        }
    }

    public func finish() -> [Finding] {
        var findings: [Finding] = []
        for (value, b) in counter.bursts(threshold: threshold) {
            guard let number = PhoneNumber(value: value) else { continue }
            let country = CallingCodes.standard.country(of: number) ?? "unknown"
            let risky = HighRiskPrefixes.standard.match(number)
            let detail = details[value] ?? Detail()
            var evidence: [(String, Value)] = [
                ("peak_messages", .int(Int64(b.peak.total))),
                ("peak_first", .date(b.peakFirst)),
                ("peak_last", .date(b.peakLast)),
                ("peak_span", .string(EvidenceText.span(b.peakLast - b.peakFirst))),
                ("threshold", .int(Int64(threshold))),
                ("window", .string(EvidenceText.duration(window))),
                ("bursts", .int(Int64(b.bursts))),
                ("messages_in_bursts", .int(Int64(b.tally.total))),
                ("logs", EvidenceText.list(b.tally.views)),
            ]
            if b.tally.cost > 0 { evidence.append(("cost_usd", .double(Statistics.rounded(b.tally.cost)))) }
            if !detail.callers.values.isEmpty { evidence.append(("callers", EvidenceText.list(detail.callers.values))) }
            if !detail.addresses.values.isEmpty { evidence.append(("source_ips", EvidenceText.list(detail.addresses.values))) }
            if !detail.agents.values.isEmpty { evidence.append(("user_agents", EvidenceText.list(detail.agents.values))) }
            if !detail.statuses.counts.isEmpty {
                evidence.append(("statuses", .string(EvidenceText.counts(detail.statuses.topSorted(5)))))
            }
            if let risky { evidence.append(("high_risk_prefix", .string(EvidenceText.prefix(risky)))) }
            if counter.pruned > 0 { evidence.append(("counters_dropped", .int(Int64(counter.pruned)))) }

            var severity = rule.severity
            if b.peak.total >= threshold * 4 || risky != nil { severity = severity.raised() }
            let via = b.tally.views.joined(separator: ", ")
            var summary = "\(number.e164) (\(country)) received \(b.peak.total) texts within \(EvidenceText.span(b.peakLast - b.peakFirst)) (threshold \(threshold) in \(EvidenceText.duration(window))) seen in \(via)"
            if b.bursts > 1 { summary += "; \(b.bursts) bursts, \(b.tally.total) texts in all" }
            if !detail.callers.values.isEmpty { summary += "; caller \(detail.callers.values.joined(separator: ", "))" }
            findings.append(rule.finding(
                severity: severity, firstSeen: b.first, lastSeen: b.last, count: b.tally.total,
                entities: [("sms.to", .string(number.e164)), ("country", .string(country))],
                evidence: evidence, sources: files.paths(merging: b.files), summary: summary))
        }
        return findings.sorted { ($0.firstSeen ?? 0, $0.summary) < ($1.firstSeen ?? 0, $1.summary) }
    }
}
