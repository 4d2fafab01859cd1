import PumpwatchCore

/// Finds SMS spend jumping above its trailing baseline (`spend-spike`): in the SNS metric
/// `SMSMonthToDateSpentUSD`, in the summed prices of Twilio messages and SNS deliveries, and in
/// the cost per message.
///
/// The month-to-date metric becomes increments between data points (a value lower than the one
/// before, or a new month, is the monthly reset: the new value is the increment), attributed to the
/// hour of the later point. Per series (the metric, Twilio prices, SNS prices), three tests run
/// against the baseline; any one fires the series:
/// - the detection window's spend is `factor` times the median spend of the baseline's windows of
///   the same length, and at least `min_amount`;
/// - its dearest hour is `factor` times the baseline's 95th-percentile hour, and at least
///   `min_hourly_amount`;
/// - the cost per message is `factor` times the baseline's, over `min_messages` messages and at
///   least `min_hourly_amount` spent (prices carry their counts; the metric pairs with
///   `NumberOfMessagesSentToPhoneNumbers` when present).
///
/// Parameters: `factor` (3), `min_amount` (5 USD), `min_hourly_amount` (1 USD), `min_messages` (20),
/// `spend_metric` (`SMSMonthToDateSpentUSD`), `messages_metric` (`NumberOfMessagesSentToPhoneNumbers`),
/// `max_points` (200000 metric data points), `dedupe_capacity` (200000).
public final class SpendSpikeDetector: Detector {
    public static let name = "spend-spike"

    private let rule: Rule
    private let factor: Double
    private let minAmount: Double
    private let minHourlyAmount: Double
    private let minMessages: Int
    private let spendMetric: String
    private let messagesMetric: String
    private let maxPoints: Int
    private var intake: MessageIntake
    private let files: SourceFiles
    private var clock: DetectionClock
    /// Spend per series and hour: `sns-metric`, `twilio-prices`, `sns-prices`.
    private var spend = BucketedTallies<String, Spend>(width: Bucketing.hour)
    private var points: [String: [(time: Int64, value: Double)]] = [:]
    private var pointFiles: [String: FileRefs] = [:]
    private var droppedPoints = 0

    public init(rule: Rule, context: DetectionContext) throws(RuleError) {
        self.rule = rule
        files = SourceFiles()
        let p = rule.parameters
        factor = try p.double("factor", default: 3)
        minAmount = try p.double("min_amount", default: 5)
        minHourlyAmount = try p.double("min_hourly_amount", default: 1)
        minMessages = try p.int("min_messages", default: 20)
        spendMetric = try p.string("spend_metric", default: "SMSMonthToDateSpentUSD")
        messagesMetric = try p.string("messages_metric", default: "NumberOfMessagesSentToPhoneNumbers")
        maxPoints = try p.int("max_points", default: 200_000)
        let capacity = try p.int(MessageIntake.capacityParameter, default: MessageIntake.defaultCapacity)
        guard factor > 1 else { throw RuleError(key: "factor", reason: "must be above 1, found \(factor)") }
        guard minAmount >= 0, minHourlyAmount >= 0 else { throw RuleError(key: minAmount < 0 ? "min_amount" : "min_hourly_amount", reason: "must not be negative") }
        guard minMessages >= 1, maxPoints >= 1, capacity >= 1 else {
            throw RuleError(key: minMessages < 1 ? "min_messages" : maxPoints < 1 ? "max_points" : MessageIntake.capacityParameter, reason: "must be at least 1")
        }
        intake = MessageIntake(capacity: capacity)
        clock = DetectionClock(context: context)
    }

    /// A detector with `other`'s configuration and a copy of its state.
    private init(copying other: SpendSpikeDetector) {
        rule = other.rule
        factor = other.factor
        minAmount = other.minAmount
        minHourlyAmount = other.minHourlyAmount
        minMessages = other.minMessages
        spendMetric = other.spendMetric
        messagesMetric = other.messagesMetric
        maxPoints = other.maxPoints
        intake = other.intake
        files = other.files.copy()
        clock = other.clock
        spend = other.spend
        points = other.points
        pointFiles = other.pointFiles
        droppedPoints = other.droppedPoints
    }

    public func copy() -> SpendSpikeDetector {
        SpendSpikeDetector(copying: self)
    }

    public var formats: Set<SourceFormat> { MessageIntake.formats.union([.cloudwatchMetrics]) }
    public var fields: FieldProjection { FieldProjection(names: OutboundMessage.fields.union(["metric.name", "metric.value", "metric.id"])) }

    public func observe(_ observed: ObservedEvent) {
        let event = observed.event
        // Every event moves the data's end, which ends the detection window.
        if let t = event.timestampMillis, clock.isWithinEnd(t) { clock.observe(t) }
        if event["event.dataset"]?.stringValue == "aws.cloudwatch.metrics" {
            guard let name = event["metric.name"]?.stringValue, let time = event.timestampMillis, clock.isWithinEnd(time),
                let value = event["metric.value"]?.doubleValue
            else { return }
            if name == spendMetric {
                let key = event["metric.id"]?.stringValue.map { name + "|" + $0 } ?? name
                if points.values.reduce(0, { $0 + $1.count }) >= maxPoints { droppedPoints += 1; return }
                points[key, default: []].append((time, value))
                pointFiles[key, default: FileRefs()].insert(files.id(event.origin.file))
            } else if name == messagesMetric {
                spend.add("sns-metric", at: time, Spend(cost: 0, messages: value))
            }
            return
        }
        guard let m = intake.accept(observed), clock.isWithinEnd(m.time) else { return }
        // Only logs that price texts count: Twilio messages or events, SNS delivery logs.
        switch m.view {
        case .twilioMessages, .twilioEvents:
            spend.add("twilio-prices|" + (m.view == .twilioMessages ? "m" : "e"), at: m.time, Spend(cost: m.price ?? 0, messages: 1, priced: m.price != nil),
                      file: files.id(event.origin.file))
        case .snsDelivery:
            spend.add("sns-prices", at: m.time, Spend(cost: m.price ?? 0, messages: 1, priced: m.price != nil), file: files.id(event.origin.file))
        case .twilioVerify, .snsAPI:
            break
        }
    }

    /// Turns the month-to-date points into hourly increments.
    private func addMetricIncrements() {
        for (_, list) in points {
            let sorted = list.sorted { $0.time < $1.time }
            var previous: (time: Int64, value: Double)?
            for p in sorted {
                defer { previous = p }
                guard let prev = previous, p.time != prev.time else { continue }
                let newMonth = Self.month(p.time) != Self.month(prev.time)
                let increment = newMonth || p.value < prev.value ? p.value : p.value - prev.value
                spend.add("sns-metric", at: p.time, Spend(cost: increment, messages: 0))
            }
        }
    }

    private static func month(_ millis: Int64) -> Int64 {
        let days = Bucketing.index(millis, width: Bucketing.day)
        let (y, m, _) = Timestamp.civil(fromDays: days)
        return y * 12 + m
    }

    public func finish() -> [Finding] {
        addMetricIncrements()
        let detection = clock.buckets(in: .detection)
        let baseline = clock.buckets(in: .baseline)
        guard !detection.isEmpty, let detectionStart = clock.detectionStart else { return [] }
        var findings: [Finding] = []
        for series in ["sns-metric", "twilio-prices", "sns-prices"] {
            let hourly: (Int64) -> Spend
            if series == "twilio-prices" {
                // Messages list and Event Streams report the same texts: take the one that priced more.
                hourly = { b in
                    let m = self.spend.cells[.init(key: "twilio-prices|m", bucket: b)] ?? .zero
                    let e = self.spend.cells[.init(key: "twilio-prices|e", bucket: b)] ?? .zero
                    return m.cost >= e.cost ? m : e
                }
            } else {
                hourly = { b in self.spend.cells[.init(key: series, bucket: b)] ?? .zero }
            }
            let now = detection.map(hourly)
            let before = baseline.map(hourly)
            let nowTotal = now.reduce(Spend.zero, +)
            let beforeTotal = before.reduce(Spend.zero, +)
            guard nowTotal.cost > 0, beforeTotal.cost > 0 || beforeTotal.messages > 0 else { continue }

            // Baseline windows of the detection window's length, counted back from its start.
            let windowHours = detection.count
            var windowTotals: [Double] = []
            var i = before.count
            while i - windowHours >= 0 {
                windowTotals.append(before[(i - windowHours)..<i].reduce(0) { $0 + $1.cost })
                i -= windowHours
            }
            let expected = windowTotals.isEmpty
                ? beforeTotal.cost / Double(max(1, before.count)) * Double(windowHours)
                : Statistics.median(windowTotals)
            let hourP95 = Statistics.percentile(before.map(\.cost), 95)
            let peakIndex = now.indices.max { now[$0].cost < now[$1].cost }!
            let peak = now[peakIndex]
            let costPerMessageNow = nowTotal.messages >= 1 ? nowTotal.cost / nowTotal.messages : nil
            let costPerMessageBefore = beforeTotal.messages >= 1 ? beforeTotal.cost / beforeTotal.messages : nil

            var reasons: [String] = []
            if nowTotal.cost >= minAmount && nowTotal.cost >= factor * expected { reasons.append("window") }
            if peak.cost >= minHourlyAmount && peak.cost >= factor * hourP95 { reasons.append("hour") }
            if let n = costPerMessageNow, let b = costPerMessageBefore, b > 0, nowTotal.messages >= Double(minMessages), n >= factor * b,
                nowTotal.cost >= minHourlyAmount {
                reasons.append("cost-per-message")
            }
            guard !reasons.isEmpty else { continue }

            var evidence: [(String, Value)] = [
                ("spend_usd", .double(Statistics.rounded(nowTotal.cost))),
                ("baseline_window_median_usd", .double(Statistics.rounded(expected))),
                ("baseline_windows", .int(Int64(windowTotals.count))),
                ("ratio", .double(expected > 0 ? Statistics.rounded(nowTotal.cost / expected, 1) : 0)),
                ("peak_hour", .date(Bucketing.start(detection[peakIndex], width: Bucketing.hour))),
                ("peak_hour_usd", .double(Statistics.rounded(peak.cost))),
                ("baseline_hour_p95_usd", .double(Statistics.rounded(hourP95))),
                ("factor", .double(factor)),
                ("min_amount_usd", .double(minAmount)),
                ("triggered_by", EvidenceText.list(reasons)),
            ]
            if nowTotal.messages > 0 { evidence.append(("messages", Int64(exactly: nowTotal.messages.rounded()).map(Value.int) ?? .double(nowTotal.messages))) }
            if let n = costPerMessageNow { evidence.append(("cost_per_message_usd", .double(Statistics.rounded(n)))) }
            if let b = costPerMessageBefore { evidence.append(("baseline_cost_per_message_usd", .double(Statistics.rounded(b)))) }
            if droppedPoints > 0 { evidence.append(("metric_points_dropped", .int(Int64(droppedPoints)))) }
            evidence += clock.windowEvidence()

            let spikeHours = zip(detection, now).filter { $0.1.cost > max(hourP95, 0) }
            let first = spikeHours.first.map { Bucketing.start($0.0, width: Bucketing.hour) } ?? detectionStart
            let last = spikeHours.last.map { Bucketing.start($0.0, width: Bucketing.hour) + Bucketing.hour - 1 } ?? clock.windowEnd
            let label = series == "sns-metric" ? spendMetric : series == "twilio-prices" ? "Twilio message prices" : "SNS delivery prices"
            var summary = "\(label): \(EvidenceText.money(nowTotal.cost)) in the detection window against a baseline median of \(EvidenceText.money(expected))"
            summary += "; dearest hour \(EvidenceText.money(peak.cost)) at \(Timestamp.iso8601(millis: Bucketing.start(detection[peakIndex], width: Bucketing.hour)))"
            if let n = costPerMessageNow, let b = costPerMessageBefore { summary += "; \(EvidenceText.money(n)) per message against \(EvidenceText.money(b))" }
            var severity = rule.severity
            if expected > 0 && nowTotal.cost >= expected * factor * 10 { severity = severity.raised() }
            let refs: [FileRefs] = series == "sns-metric"
                ? Array(pointFiles.values)
                : [spend.files[series], spend.files[series + "|m"], spend.files[series + "|e"]].compactMap { $0 }
            findings.append(rule.finding(
                severity: severity, firstSeen: first, lastSeen: last, count: Int(nowTotal.messages.rounded()),
                entities: [("series", .string(series == "sns-metric" ? spendMetric : series))],
                evidence: evidence, sources: files.paths(merging: refs), summary: summary))
        }
        return findings
    }
}
