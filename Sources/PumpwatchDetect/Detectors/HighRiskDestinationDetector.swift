import PumpwatchCore

/// Finds a share of texts going to high-risk destinations in the detection window
/// (`high-risk-destination`): premium, satellite and frequently pumped country codes and ranges.
///
/// The high-risk list is `high-risk-prefixes.tsv` unless the rule gives `high_risk_prefixes`
/// (prefixes, or a file path). Per provider (Twilio, SNS), the detection window's texts to listed
/// prefixes must number `min_messages` or more and make up `min_share` or more of all its texts;
/// when the baseline had texts, the share must also be `baseline_factor` times the baseline's, so
/// a business that always texts such a country does not fire every day. The finding gives the
/// count, share, cost, the prefixes hit and sample numbers.
///
/// Parameters: `min_share` (0.2), `min_messages` (10), `baseline_factor` (3),
/// `min_baseline_messages` (20), `high_risk_prefixes` (the bundled list), `max_samples` (10),
/// `dedupe_capacity` (200000).
public final class HighRiskDestinationDetector: Detector {
    public static let name = "high-risk-destination"

    private let rule: Rule
    private let minShare: Double
    private let minMessages: Int
    private let baselineFactor: Double
    private let minBaselineMessages: Int
    private let maxSamples: Int
    private let prefixes: HighRiskPrefixes
    private var intake: MessageIntake
    private let files: SourceFiles
    private var clock: DetectionClock
    /// Key "" holds every text; other keys are the listed prefixes hit.
    private var tallies = BucketedTallies<String, MessageTally>(width: Bucketing.hour)
    private var prefixInfo: [String: HighRiskPrefixes.Entry] = [:]
    private var samples: [String: RecentSamples<UInt64>] = [:]

    public init(rule: Rule, context: DetectionContext) throws(RuleError) {
        self.rule = rule
        files = SourceFiles()
        let p = rule.parameters
        minShare = try p.double("min_share", default: 0.2)
        minMessages = try p.int("min_messages", default: 10)
        baselineFactor = try p.double("baseline_factor", default: 3)
        minBaselineMessages = try p.int("min_baseline_messages", default: 20)
        maxSamples = try p.int("max_samples", default: 10)
        prefixes = try HighRiskPrefixes.from(p)
        let capacity = try p.int(MessageIntake.capacityParameter, default: MessageIntake.defaultCapacity)
        guard minShare > 0, minShare <= 1 else { throw RuleError(key: "min_share", reason: "must be above 0 and at most 1, found \(minShare)") }
        guard minMessages >= 1 else { throw RuleError(key: "min_messages", reason: "must be at least 1") }
        guard baselineFactor >= 1 else { throw RuleError(key: "baseline_factor", reason: "must be at least 1") }
        guard maxSamples >= 1, capacity >= 1 else { throw RuleError(key: maxSamples < 1 ? "max_samples" : MessageIntake.capacityParameter, reason: "must be at least 1") }
        intake = MessageIntake(capacity: capacity)
        clock = DetectionClock(context: context)
    }

    /// A detector with `other`'s configuration and a copy of its state.
    private init(copying other: HighRiskDestinationDetector) {
        rule = other.rule
        minShare = other.minShare
        minMessages = other.minMessages
        baselineFactor = other.baselineFactor
        minBaselineMessages = other.minBaselineMessages
        maxSamples = other.maxSamples
        prefixes = other.prefixes
        intake = other.intake
        files = other.files.copy()
        clock = other.clock
        tallies = other.tallies
        prefixInfo = other.prefixInfo
        samples = other.samples
    }

    public func copy() -> HighRiskDestinationDetector {
        HighRiskDestinationDetector(copying: self)
    }

    public var formats: Set<SourceFormat> { MessageIntake.formats }
    public var fields: FieldProjection { FieldProjection(names: OutboundMessage.fields) }

    public func observe(_ observed: ObservedEvent) {
        let event = observed.event
        // Every event moves the data's end, which ends the detection window.
        if let t = event.timestampMillis, clock.isWithinEnd(t) { clock.observe(t) }
        guard let m = intake.accept(observed), clock.isWithinEnd(m.time) else { return }
        let tally = MessageTally(view: m.view, price: m.price)
        let file = files.id(event.origin.file)
        tallies.add("", at: m.time, tally)
        guard let number = m.destination, let hit = prefixes.match(number) else { return }
        prefixInfo[hit.prefix] = hit
        tallies.add(hit.prefix, at: m.time, tally, file: file)
        samples[hit.prefix, default: RecentSamples(limit: maxSamples)].insert(number.value, at: m.time)
    }

    public func finish() -> [Finding] {
        let detection = clock.buckets(in: .detection)
        let baseline = clock.buckets(in: .baseline)
        guard !detection.isEmpty, let detectionStart = clock.detectionStart else { return [] }
        let allNow = tallies.sum("", over: detection)
        let allBefore = tallies.sum("", over: baseline)
        let hitsNow = tallies.sums(over: detection).filter { !$0.key.isEmpty }
        let hitsBefore = tallies.sums(over: baseline).filter { !$0.key.isEmpty }

        var findings: [Finding] = []
        for provider in ["twilio", "sns"] {
            let total = allNow.provider(provider).total
            let perPrefix = hitsNow.map { ($0.key, $0.value.provider(provider)) }.filter { $0.1.total > 0 }
            let risky = perPrefix.reduce(MessageTally.zero) { $0 + $1.1 }
            guard total > 0, risky.total >= minMessages else { continue }
            let share = Double(risky.total) / Double(total)
            guard share >= minShare else { continue }
            let baseTotal = allBefore.provider(provider).total
            let baseRisky = hitsBefore.values.reduce(0) { $0 + $1.provider(provider).total }
            let baseShare = baseTotal > 0 ? Double(baseRisky) / Double(baseTotal) : 0
            if baseTotal >= minBaselineMessages, share < baseShare * baselineFactor { continue }

            let ranked = perPrefix.sorted { $0.1.total != $1.1.total ? $0.1.total > $1.1.total : $0.0 < $1.0 }
            let countries = ranked.map { prefixInfo[$0.0]?.country ?? $0.0 }
            var uniqueCountries: [String] = []
            for c in countries where !uniqueCountries.contains(c) { uniqueCountries.append(c) }
            let cost = provider == "twilio" ? risky.twilioCost : risky.snsCost
            let allCost = provider == "twilio" ? allNow.twilioCost : allNow.snsCost
            var sampleNumbers: [String] = []
            for (prefix, _) in ranked {
                for v in samples[prefix]?.values(since: detectionStart) ?? [] where sampleNumbers.count < maxSamples {
                    if let n = PhoneNumber(value: v) { sampleNumbers.append(n.e164) }
                }
            }
            var evidence: [(String, Value)] = [
                ("high_risk_messages", .int(Int64(risky.total))),
                ("all_messages", .int(Int64(total))),
                ("share", .double(Statistics.rounded(share, 3))),
                ("min_share", .double(minShare)),
                ("min_messages", .int(Int64(minMessages))),
                ("baseline_share", .double(Statistics.rounded(baseShare, 4))),
                ("baseline_messages", .int(Int64(baseTotal))),
                ("prefixes", .string(EvidenceText.counts(ranked.prefix(10).map { (prefixInfo[$0.0].map(EvidenceText.prefix) ?? "+" + $0.0, $0.1.total) }))),
                ("sample_numbers", EvidenceText.list(sampleNumbers)),
                ("logs", EvidenceText.list(risky.views)),
            ]
            if cost > 0 {
                evidence.append(("high_risk_cost_usd", .double(Statistics.rounded(cost))))
                evidence.append(("all_cost_usd", .double(Statistics.rounded(allCost))))
            }
            evidence += clock.windowEvidence()
            let firstHour = detection.first { b in hitsNow.keys.contains { tallies.cells[.init(key: $0, bucket: b)].map { $0.provider(provider).total > 0 } ?? false } }
            let lastHour = detection.last { b in hitsNow.keys.contains { tallies.cells[.init(key: $0, bucket: b)].map { $0.provider(provider).total > 0 } ?? false } }
            var severity = rule.severity
            if share >= 0.5 || cost >= 100 { severity = severity.raised() }
            var summary = "\(risky.total) of \(total) \(provider == "twilio" ? "Twilio" : "SNS") texts (\(EvidenceText.percent(share))) in the detection window went to high-risk destinations \(uniqueCountries.prefix(8).joined(separator: ", "))"
            if cost > 0 { summary += ", costing \(EvidenceText.money(cost))" }
            summary += baseTotal > 0 ? " (baseline \(EvidenceText.percent(baseShare)) of \(baseTotal))" : " (no baseline texts)"
            findings.append(rule.finding(
                severity: severity, firstSeen: firstHour.map { Bucketing.start($0, width: Bucketing.hour) },
                lastSeen: lastHour.map { Bucketing.start($0, width: Bucketing.hour) + Bucketing.hour - 1 }, count: risky.total,
                entities: [("provider", .string(provider)), ("countries", EvidenceText.list(uniqueCountries))],
                evidence: evidence, sources: files.paths(merging: ranked.compactMap { tallies.files[$0.0] }), summary: summary))
        }
        return findings
    }
}
