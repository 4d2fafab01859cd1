import PumpwatchCore

/// Finds a destination country texted in the detection window but never in the baseline
/// (`new-destination-country`), the signal Twilio's Fraud Guard weighs most.
///
/// A country (by E.164 calling code, NANP area codes included, so +1 876 is Jamaica) fires with
/// `min_messages` or more texts in the detection window and none in the baseline. The baseline must
/// hold `min_baseline_messages` texts, so that a first day of logs does not make every country
/// new. The finding gives the count, cost, sample numbers and whether the country is on the
/// high-risk list.
///
/// Parameters: `min_messages` (5), `min_baseline_messages` (20), `max_samples` (10),
/// `high_risk_prefixes` (the bundled list, for severity), `dedupe_capacity` (200000).
public final class NewDestinationCountryDetector: Detector {
    public static let name = "new-destination-country"

    private let rule: Rule
    private let minMessages: Int
    private let minBaselineMessages: Int
    private let maxSamples: Int
    private let prefixes: HighRiskPrefixes
    private var intake: MessageIntake
    private let files: SourceFiles
    private var clock: DetectionClock
    private var tallies = BucketedTallies<String, MessageTally>(width: Bucketing.hour)
    private var samples: [String: RecentSamples<UInt64>] = [:]
    private var names: [String: String] = [:]
    private var times: [String: (first: Int64, last: Int64)] = [:]

    public init(rule: Rule, context: DetectionContext) throws(RuleError) {
        self.rule = rule
        files = SourceFiles()
        let p = rule.parameters
        minMessages = try p.int("min_messages", default: 5)
        minBaselineMessages = try p.int("min_baseline_messages", default: 20)
        maxSamples = try p.int("max_samples", default: 10)
        prefixes = try HighRiskPrefixes.from(p)
        let capacity = try p.int(MessageIntake.capacityParameter, default: MessageIntake.defaultCapacity)
        guard minMessages >= 1 else { throw RuleError(key: "min_messages", reason: "must be at least 1") }
        guard minBaselineMessages >= 1 else { throw RuleError(key: "min_baseline_messages", reason: "must be at least 1") }
        guard maxSamples >= 1, capacity >= 1 else { throw RuleError(key: maxSamples < 1 ? "max_samples" : MessageIntake.capacityParameter, reason: "must be at least 1") }
        intake = MessageIntake(capacity: capacity)
        clock = DetectionClock(context: context)
    }

    /// A detector with `other`'s configuration and a copy of its state.
    private init(copying other: NewDestinationCountryDetector) {
        rule = other.rule
        minMessages = other.minMessages
        minBaselineMessages = other.minBaselineMessages
        maxSamples = other.maxSamples
        prefixes = other.prefixes
        intake = other.intake
        files = other.files.copy()
        clock = other.clock
        tallies = other.tallies
        samples = other.samples
        names = other.names
        times = other.times
    }

    public func copy() -> NewDestinationCountryDetector {
        NewDestinationCountryDetector(copying: self)
    }

    public var formats: Set<SourceFormat> { MessageIntake.formats }
    public var fields: FieldProjection { FieldProjection(names: OutboundMessage.fields) }

    public func observe(_ observed: ObservedEvent) {
        let event = observed.event
        // Every event moves the data's end, which ends the detection window.
        if let t = event.timestampMillis, clock.isWithinEnd(t) { clock.observe(t) }
        guard let m = intake.accept(observed), clock.isWithinEnd(m.time) else { return }
        guard let number = m.destination, let entry = CallingCodes.standard.entry(for: number) else { return }
        let country = entry.country
        if names[country] == nil { names[country] = entry.name }
        tallies.add(country, at: m.time, MessageTally(view: m.view, price: m.price), file: files.id(event.origin.file))
        samples[country, default: RecentSamples(limit: maxSamples)].insert(number.value, at: m.time)
        let t = times[country]
        times[country] = (min(t?.first ?? m.time, m.time), max(t?.last ?? m.time, m.time))
    }

    public func finish() -> [Finding] {
        let detection = clock.buckets(in: .detection)
        let baseline = clock.buckets(in: .baseline)
        guard !detection.isEmpty, let detectionStart = clock.detectionStart else { return [] }
        let boundary = clock.boundaryBucket.map { [$0] } ?? []
        let before = tallies.sums(over: baseline.filter { !boundary.contains($0) })
        let atBoundary = tallies.sums(over: boundary)
        let baselineTotal = before.values.reduce(0) { $0 + $1.total }
        guard baselineTotal >= minBaselineMessages else { return [] }
        let baselineCountries = before.filter { $0.value.total > 0 }.count
        var findings: [Finding] = []
        for (country, inWindow) in tallies.sums(over: detection) {
            let first = times[country]?.first ?? .max
            guard clock.isNew(firstSeen: first, baselineCount: before[country]?.total ?? 0, boundaryCount: atBoundary[country]?.total ?? 0) else { continue }
            // A campaign that began just before the window's first hour counts from its first text.
            let now = clock.exactDetectionStart.map { first > $0 } == true ? inWindow + (atBoundary[country] ?? .zero) : inWindow
            guard now.total >= minMessages else { continue }
            let numbers = (samples[country]?.values(since: min(first, detectionStart)) ?? []).compactMap { PhoneNumber(value: $0) }
            let risky = numbers.lazy.compactMap { self.prefixes.match($0) }.first
            let series = tallies.series(country, over: detection)
            let active = Array(zip(detection, series))
            let lastHour = active.last { $0.1.total > 0 }?.0
            let name = names[country] ?? country
            var evidence: [(String, Value)] = [
                ("messages", .int(Int64(now.total))),
                ("baseline_messages_to_country", .int(0)),
                ("baseline_messages", .int(Int64(baselineTotal))),
                ("baseline_countries", .int(Int64(baselineCountries))),
                ("min_messages", .int(Int64(minMessages))),
                ("sample_numbers", EvidenceText.list(numbers.map(\.e164))),
                ("logs", EvidenceText.list(now.views)),
                ("first_text", .date(first)),
            ]
            if now.cost > 0 { evidence.append(("cost_usd", .double(Statistics.rounded(now.cost)))) }
            if let risky { evidence.append(("high_risk_prefix", .string(risky.display + ": " + risky.reason))) }
            evidence += clock.windowEvidence()
            var severity = rule.severity
            if risky != nil { severity = severity.raised() }
            var summary = "\(now.total) texts to \(name) (\(country)) in the detection window; none among the baseline's \(baselineTotal) texts to \(baselineCountries) countries"
            if now.cost > 0 { summary += "; cost \(EvidenceText.money(now.cost))" }
            if risky != nil { summary += "; a high-risk destination" }
            findings.append(rule.finding(
                severity: severity, firstSeen: first,
                lastSeen: lastHour.map { min(Bucketing.start($0, width: Bucketing.hour) + Bucketing.hour - 1, times[country]?.last ?? .max) },
                count: now.total, entities: [("country", .string(country)), ("country_name", .string(name))],
                evidence: evidence, sources: files.paths(tallies.files[country] ?? FileRefs()), summary: summary))
        }
        return findings.sorted { ($0.count, $0.summary) > ($1.count, $1.summary) }
    }
}
