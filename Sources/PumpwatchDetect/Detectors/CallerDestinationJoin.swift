import PumpwatchCore

/// Names the caller behind SNS texts (`sns-caller-destination`): joins CloudTrail `Publish` calls
/// (caller ARN, address, user agent, `responseElements.messageId`) to SNS delivery status logs
/// (destination, price, MCC/MNC, status) by message id, since CloudTrail alone hides where texts went.
///
/// Per caller it adds up the joined texts: destinations, countries, number blocks and cost. A
/// caller is reported when its destinations hit the high-risk list (`min_high_risk` texts), fill
/// a number block (`block_min_distinct` numbers or a run of `block_min_run` within one block), or
/// repeat one number `repeat_threshold` times within `repeat_window`. Memory stays bounded: each
/// side keeps at most `max_pending` unmatched message ids (the oldest are dropped), and the
/// finding reports what stayed unmatched on both sides (texts Cognito sent through SNS have a
/// delivery log but no `Publish`).
///
/// Parameters: `max_pending` (1000000), `min_high_risk` (1), `block_digits` (2),
/// `block_min_distinct` (5), `block_min_run` (4), `repeat_threshold` (5), `repeat_window` (60s),
/// `high_risk_prefixes` (the bundled list), `max_samples` (10).
public final class CallerDestinationJoin: Detector {
    public static let name = "sns-caller-destination"

    private let rule: Rule
    private let minHighRisk: Int
    private let blockDigits: Int
    private let blockMinDistinct: Int
    private let blockMinRun: Int
    private let repeatThreshold: Int
    private let repeatWindow: Int64
    private let maxSamples: Int
    private let prefixes: HighRiskPrefixes
    private let files: SourceFiles
    private var publishes: PendingJoinSide<Publish>
    private var deliveries: PendingJoinSide<Delivery>
    private var callerIDs: [String: Int32] = [:]
    private var callerNames: [String] = []
    private var callers: [Int32: Caller] = [:]
    private var publishesWithoutID = 0
    private var joined = 0

    private struct Publish {
        var caller: Int32
        var time: Int64
        var address: String?
        var agent: String?
        var file: Int32
    }

    private struct Delivery {
        var number: UInt64
        var price: Float
        var time: Int64
        var success: Bool
        var network: String?
        var file: Int32
    }

    private struct Caller {
        var messages = 0
        var delivered = 0
        var cost: Double = 0
        var first = Int64.max
        var last = Int64.min
        var destinations: BoundedSamples<UInt64>
        var countries = BoundedCounter<String>(capacity: 100)
        var highRisk = BoundedCounter<String>(capacity: 100)
        var networks = BoundedCounter<String>(capacity: 50)
        var blocks: [NumberBlock: [UInt16]] = [:]
        var repeats: BurstCounter<UInt64, Count>
        var addresses: BoundedSamples<String>
        var agents = BoundedSamples<String>(limit: 3)
        var files = BoundedSamples<Int32>(limit: 20)

        init(maxSamples: Int, repeatWindow: Int64) {
            destinations = BoundedSamples(limit: maxSamples, countLimit: 100_000)
            addresses = BoundedSamples(limit: maxSamples)
            repeats = BurstCounter(window: repeatWindow, maxCells: 500_000)
        }
    }

    public init(rule: Rule, context: DetectionContext) throws(RuleError) {
        self.rule = rule
        files = SourceFiles()
        let p = rule.parameters
        let maxPending = try p.int("max_pending", default: 1_000_000)
        minHighRisk = try p.int("min_high_risk", default: 1)
        blockDigits = try p.int("block_digits", default: 2)
        blockMinDistinct = try p.int("block_min_distinct", default: 5)
        blockMinRun = try p.int("block_min_run", default: 4)
        repeatThreshold = try p.int("repeat_threshold", default: 5)
        repeatWindow = try p.duration("repeat_window", default: 60_000)
        maxSamples = try p.int("max_samples", default: 10)
        prefixes = try HighRiskPrefixes.from(p)
        guard maxPending >= 1 else { throw RuleError(key: "max_pending", reason: "must be at least 1") }
        guard (2...4).contains(blockDigits) else { throw RuleError(key: "block_digits", reason: "must be 2, 3 or 4, found \(blockDigits)") }
        for (k, v) in [("min_high_risk", minHighRisk), ("block_min_distinct", blockMinDistinct), ("block_min_run", blockMinRun), ("repeat_threshold", repeatThreshold), ("max_samples", maxSamples)] where v < 1 {
            throw RuleError(key: k, reason: "must be at least 1, found \(v)")
        }
        guard repeatWindow >= 1000 else { throw RuleError(key: "repeat_window", reason: "must be at least 1s") }
        publishes = PendingJoinSide(capacity: maxPending)
        deliveries = PendingJoinSide(capacity: maxPending)
    }

    /// A detector with `other`'s configuration and a copy of its state.
    private init(copying other: CallerDestinationJoin) {
        rule = other.rule
        minHighRisk = other.minHighRisk
        blockDigits = other.blockDigits
        blockMinDistinct = other.blockMinDistinct
        blockMinRun = other.blockMinRun
        repeatThreshold = other.repeatThreshold
        repeatWindow = other.repeatWindow
        maxSamples = other.maxSamples
        prefixes = other.prefixes
        files = other.files.copy()
        publishes = other.publishes
        deliveries = other.deliveries
        callerIDs = other.callerIDs
        callerNames = other.callerNames
        callers = other.callers
        publishesWithoutID = other.publishesWithoutID
        joined = other.joined
    }

    public func copy() -> CallerDestinationJoin {
        CallerDestinationJoin(copying: self)
    }

    public var formats: Set<SourceFormat> { [.cloudtrail, .snsDelivery, .ndjson] }
    public var fields: FieldProjection { FieldProjection(names: OutboundMessage.fields) }

    public func observe(_ observed: ObservedEvent) {
        let event = observed.event
        guard let m = observed.outboundMessage else { return }
        let file = files.id(event.origin.file)
        switch m.view {
        case .snsAPI:
            guard event["event.provider"]?.stringValue == "sns.amazonaws.com" else { return }
            let name = m.callerARN ?? ("unknown principal at " + (m.sourceIP ?? "unknown address"))
            let caller = callerIDs[name] ?? {
                let id = Int32(callerNames.count)
                callerIDs[name] = id
                callerNames.append(name)
                return id
            }()
            let publish = Publish(caller: caller, time: m.time, address: m.sourceIP, agent: m.userAgent, file: file)
            guard let id = m.messageID else { publishesWithoutID += 1; return }
            let key = StableHash.of(id)
            if let d = deliveries.take(key) { record(publish, d) } else { publishes.hold(key, publish) }
        case .snsDelivery:
            guard let id = m.messageID, let number = m.destination else { return }
            let network = m.mcc.map { $0 + "/" + (m.mnc ?? "?") }
            let delivery = Delivery(number: number.value, price: Float(m.price ?? 0), time: m.time, success: m.status.map { $0 == "success" || $0 == "delivered" } ?? true, network: network, file: file)
            let key = StableHash.of(id)
            if let p = publishes.take(key) { record(p, delivery) } else { deliveries.hold(key, delivery) }
        default:
            return
        }
    }

    private func record(_ p: Publish, _ d: Delivery) {
        joined += 1
        // In place: a copy of the caller would copy its sets on every message.
        add(p, d, to: &callers[p.caller, default: Caller(maxSamples: maxSamples, repeatWindow: repeatWindow)])
    }

    private func add(_ p: Publish, _ d: Delivery, to c: inout Caller) {
        c.messages += 1
        if d.success { c.delivered += 1 }
        c.cost += Double(d.price)
        c.first = min(c.first, p.time)
        c.last = max(c.last, p.time)
        c.destinations.insert(d.number)
        if let n = d.network { c.networks.add(n) }
        if let a = p.address { c.addresses.insert(a) }
        if let a = p.agent { c.agents.insert(a) }
        c.files.insert(p.file)
        c.files.insert(d.file)
        if let number = PhoneNumber(value: d.number) {
            c.countries.add(CallingCodes.standard.country(of: number) ?? "unknown")
            if let hit = prefixes.match(number) { c.highRisk.add(EvidenceText.prefix(hit)) }
            let block = number.block(trailingDigits: blockDigits)
            if let i = block.index(of: number), c.blocks[block] != nil || c.blocks.count < 100_000 {
                let v = UInt16(i)
                c.blocks[block, default: []].insertSorted(v)
            }
            c.repeats.add(d.number, at: p.time, Count(failed: false), file: p.file)
        }
    }

    public func finish() -> [Finding] {
        var findings: [Finding] = []
        for (id, c) in callers {
            var flags: [String] = []
            let risky = c.highRisk.total
            if risky >= minHighRisk { flags.append("high-risk destinations") }
            var hotBlocks: [(NumberBlock, Int, Int)] = []
            for (block, list) in c.blocks where list.count >= 2 {
                let run = SequentialBlockDetector.longestRun(list).length
                if list.count >= blockMinDistinct || run >= blockMinRun { hotBlocks.append((block, list.count, run)) }
            }
            hotBlocks.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            if !hotBlocks.isEmpty { flags.append("sequential block") }
            let repeated = c.repeats.bursts(threshold: repeatThreshold)
            let topRepeat = repeated.max { $0.value.peak.total < $1.value.peak.total }
            if topRepeat != nil { flags.append("repeated destination") }
            guard !flags.isEmpty else { continue }
            let name = callerNames[Int(id)]
            let samples = c.destinations.values.compactMap { PhoneNumber(value: $0)?.e164 }
            var evidence: [(String, Value)] = [
                ("flags", EvidenceText.list(flags)),
                ("messages", .int(Int64(c.messages))),
                ("delivered", .int(Int64(c.delivered))),
                ("distinct_destinations", .int(Int64(c.destinations.distinct))),
                ("countries", .string(EvidenceText.counts(c.countries.topSorted(10)))),
                ("cost_usd", .double(Statistics.rounded(c.cost))),
                ("sample_destinations", EvidenceText.list(samples)),
            ]
            if risky > 0 { evidence.append(("high_risk", .string(EvidenceText.counts(c.highRisk.topSorted(10))))) }
            if !hotBlocks.isEmpty {
                evidence.append(("blocks", .string(hotBlocks.prefix(5).map { "\($0.0) (\($0.1) numbers, run \($0.2))" }.joined(separator: ", "))))
            }
            if let topRepeat, let n = PhoneNumber(value: topRepeat.key) {
                evidence.append(("repeated_destination", .string("\(n.e164) (\(topRepeat.value.peak.total) within \(EvidenceText.duration(repeatWindow)))")))
            }
            if !c.networks.counts.isEmpty { evidence.append(("mcc_mnc", .string(EvidenceText.counts(c.networks.topSorted(5))))) }
            if !c.agents.values.isEmpty { evidence.append(("user_agents", EvidenceText.list(c.agents.values))) }
            evidence.append(("joined_messages", .int(Int64(joined))))
            evidence.append(("unmatched_publishes", .int(Int64(publishes.count + publishes.evicted + publishesWithoutID))))
            evidence.append(("unmatched_deliveries", .int(Int64(deliveries.count + deliveries.evicted))))

            var entities: [(String, Value)] = [("aws.cloudtrail.user_identity.arn", .string(name))]
            if !c.addresses.values.isEmpty { entities.append(("source.ip", EvidenceText.list(c.addresses.values))) }
            var severity = rule.severity
            if flags.count >= 2 || c.cost >= 100 { severity = severity.raised() }
            var summary = "\(name) sent \(c.messages) SNS texts to \(c.destinations.distinct) numbers in \(c.countries.counts.count) countries costing \(EvidenceText.money(c.cost))"
            if risky > 0 { summary += "; \(risky) to high-risk prefixes (\(c.highRisk.topSorted(3).map(\.0).joined(separator: ", ")))" }
            if let b = hotBlocks.first { summary += "; block \(b.0) with \(b.1) numbers" }
            if let topRepeat, let n = PhoneNumber(value: topRepeat.key) { summary += "; \(topRepeat.value.peak.total) texts to \(n.e164) within \(EvidenceText.duration(repeatWindow))" }
            findings.append(rule.finding(
                severity: severity, firstSeen: c.first, lastSeen: c.last, count: c.messages, entities: entities,
                evidence: evidence, sources: c.files.values.map { files.paths[Int($0)] }, summary: summary))
        }
        return findings.sorted { ($0.firstSeen ?? 0, $0.summary) < ($1.firstSeen ?? 0, $1.summary) }
    }
}
