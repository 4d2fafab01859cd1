import PumpwatchCore

/// Finds a few source addresses or principals making most of the calls that send texts
/// (`source-concentration`), above what they made in the baseline: the seed's first indicator.
///
/// Calls are SNS `Publish` to phone numbers, Cognito code-sending calls and web or app requests to
/// OTP-sending paths, judged per API. A source is elevated when it made `min_source_calls` or more
/// calls in the detection window and at least `baseline_factor` times its baseline rate (any
/// number when it made none). The finding fires when the `top_k` busiest elevated sources make
/// `min_share` or more of the API's `min_calls` or more calls in the detection window. A steady
/// notification service is never elevated, however concentrated it is.
///
/// Parameters: `top_k` (3), `min_share` (0.6), `min_calls` (30), `min_source_calls` (5),
/// `baseline_factor` (3), `cognito_actions`, `paths` (OTP-sending path fragments).
public final class SourceConcentrationDetector: Detector {
    public static let name = "source-concentration"

    private let rule: Rule
    private let topK: Int
    private let minShare: Double
    private let minCalls: Int
    private let minSourceCalls: Int
    private let baselineFactor: Double
    private let cognitoActions: Set<String>
    private let paths: [String]
    private let files: SourceFiles
    private var clock: DetectionClock
    /// Per API: every call, and the calls of each source address and principal.
    private var tallies = BucketedTallies<SourceKey, CallTally>(width: Bucketing.hour)
    private var agents: [SourceKey: RecentSamples<String>] = [:]

    /// The APIs judged, in the order findings are made.
    private static let apis = ["sns-publish", "cognito", "otp-endpoint"]
    /// Whose calls a key counts: every caller's, or one principal's or source address's.
    private enum Dimension: String {
        case all, principal, ip
    }

    /// One API's calls, all of them (empty value) or one caller's. The API is an index into
    /// `apis` and the value is the event's (shared) string, so a key is small and allocates
    /// nothing of its own.
    private struct SourceKey: Hashable {
        var api: UInt8
        var dimension: Dimension
        var value: String

        init(api: Int, dimension: Dimension, value: String) {
            self.api = UInt8(api)
            self.dimension = dimension
            self.value = value
        }
    }

    public init(rule: Rule, context: DetectionContext) throws(RuleError) {
        self.rule = rule
        files = SourceFiles()
        let p = rule.parameters
        topK = try p.int("top_k", default: 3)
        minShare = try p.double("min_share", default: 0.6)
        minCalls = try p.int("min_calls", default: 30)
        minSourceCalls = try p.int("min_source_calls", default: 5)
        baselineFactor = try p.double("baseline_factor", default: 3)
        cognitoActions = Set(try p.strings("cognito_actions", default: SMSAPICall.defaultCognitoActions))
        paths = try p.strings("paths", default: SMSAPICall.defaultSendPaths).map { $0.lowercased() }
        guard topK >= 1 else { throw RuleError(key: "top_k", reason: "must be at least 1") }
        guard minShare > 0, minShare <= 1 else { throw RuleError(key: "min_share", reason: "must be above 0 and at most 1, found \(minShare)") }
        guard minCalls >= 1, minSourceCalls >= 1 else { throw RuleError(key: minCalls < 1 ? "min_calls" : "min_source_calls", reason: "must be at least 1") }
        guard baselineFactor >= 1 else { throw RuleError(key: "baseline_factor", reason: "must be at least 1") }
        clock = DetectionClock(context: context)
    }

    /// A detector with `other`'s configuration and a copy of its state.
    private init(copying other: SourceConcentrationDetector) {
        rule = other.rule
        topK = other.topK
        minShare = other.minShare
        minCalls = other.minCalls
        minSourceCalls = other.minSourceCalls
        baselineFactor = other.baselineFactor
        cognitoActions = other.cognitoActions
        paths = other.paths
        files = other.files.copy()
        clock = other.clock
        tallies = other.tallies
        agents = other.agents
    }

    public func copy() -> SourceConcentrationDetector {
        SourceConcentrationDetector(copying: self)
    }

    public var formats: Set<SourceFormat> { [.cloudtrail, .webAccess, .appRequests, .ndjson] }
    public var fields: FieldProjection { FieldProjection(names: SMSAPICall.fields) }

    public func observe(_ observed: ObservedEvent) {
        let event = observed.event
        // Every event moves the data's end, which ends the detection window.
        if let t = event.timestampMillis, clock.isWithinEnd(t) { clock.observe(t) }
        guard let call = observed.call?.sent(cognitoActions: cognitoActions, paths: paths), clock.isWithinEnd(call.time),
            let api = Self.apis.firstIndex(of: call.api)
        else { return }
        let tally = CallTally(call, failed: call.failed)
        let file = files.id(event.origin.file)
        tallies.add(SourceKey(api: api, dimension: .all, value: ""), at: call.time, tally)
        if let ip = call.sourceIP {
            let key = SourceKey(api: api, dimension: .ip, value: ip)
            tallies.add(key, at: call.time, tally, file: file)
            if let ua = call.userAgent { agents[key, default: RecentSamples(limit: 3)].insert(ua, at: call.time) }
        }
        if let arn = call.principal {
            let key = SourceKey(api: api, dimension: .principal, value: arn)
            tallies.add(key, at: call.time, tally, file: file)
            if let ua = call.userAgent { agents[key, default: RecentSamples(limit: 3)].insert(ua, at: call.time) }
        }
    }

    private struct Source {
        var key: SourceKey
        var dimension: String
        var value: String
        var now: CallTally
        var expected: Double
    }

    public func finish() -> [Finding] {
        let detection = clock.buckets(in: .detection)
        let baseline = clock.buckets(in: .baseline)
        guard !detection.isEmpty, let detectionStart = clock.detectionStart else { return [] }
        let now = tallies.sums(over: detection)
        let before = tallies.sums(over: baseline)
        let scale = baseline.isEmpty ? 0 : Double(detection.count) / Double(baseline.count)

        var findings: [Finding] = []
        for (apiIndex, api) in Self.apis.enumerated() {
            let allKey = SourceKey(api: apiIndex, dimension: .all, value: "")
            guard let all = now[allKey], all.total >= minCalls else { continue }
            let baseAll = before[allKey]?.total ?? 0
            var chosen: [String: [Source]] = [:]
            var shares: [String: Double] = [:]
            for dimension in ["principal", "ip"] {
                var elevated: [Source] = []
                for (key, tally) in now where key.api == apiIndex && key.dimension.rawValue == dimension && tally.total >= minSourceCalls {
                    let expected = Double(before[key]?.total ?? 0) * scale
                    guard Double(tally.total) >= baselineFactor * expected else { continue }
                    elevated.append(Source(key: key, dimension: dimension, value: key.value, now: tally, expected: expected))
                }
                elevated.sort { $0.now.total != $1.now.total ? $0.now.total > $1.now.total : $0.value < $1.value }
                let top = Array(elevated.prefix(topK))
                let share = Double(top.reduce(0) { $0 + $1.now.total }) / Double(all.total)
                if !top.isEmpty && share >= minShare {
                    chosen[dimension] = top
                    shares[dimension] = share
                }
            }
            guard !chosen.isEmpty else { continue }
            let lead = chosen["principal"] ?? chosen["ip"]!
            let leadShare = shares["principal"] ?? shares["ip"]!
            var entities: [(String, Value)] = [("api", .string(api))]
            if let p = chosen["principal"] { entities.append(("principal", EvidenceText.list(p.map(\.value)))) }
            if let i = chosen["ip"] { entities.append(("source.ip", EvidenceText.list(i.map(\.value)))) }
            var evidence: [(String, Value)] = [
                ("calls", .int(Int64(all.total))),
                ("top_share", .double(Statistics.rounded(leadShare, 3))),
                ("top_k", .int(Int64(topK))),
                ("min_share", .double(minShare)),
                ("baseline_calls", .int(Int64(baseAll))),
                ("baseline_factor", .double(baselineFactor)),
            ]
            for (dimension, sources) in chosen.sorted(by: { $0.key > $1.key }) {
                evidence.append(("top_\(dimension)s", .string(sources.map {
                    "\($0.value): \($0.now.total) now, \(Value.format(double: Statistics.rounded($0.expected, 1))) expected"
                }.joined(separator: "; "))))
            }
            let uas = lead.flatMap { agents[$0.key]?.values(since: detectionStart) ?? [] }
            var uniqueUAs: [String] = []
            for u in uas where !uniqueUAs.contains(u) && uniqueUAs.count < 5 { uniqueUAs.append(u) }
            if !uniqueUAs.isEmpty { evidence.append(("user_agents", EvidenceText.list(uniqueUAs))) }
            let failed = lead.reduce(0) { $0 + $1.now.failed }
            if failed > 0 { evidence.append(("failed_calls", .int(Int64(failed)))) }
            evidence.append(("logs", EvidenceText.list(all.views)))
            evidence += clock.windowEvidence()

            var activeHours: [Int64] = []
            for b in detection where lead.contains(where: { tallies.cells[.init(key: $0.key, bucket: b)] != nil }) { activeHours.append(b) }
            let count = lead.reduce(0) { $0 + $1.now.total }
            let names = lead.map(\.value).joined(separator: ", ")
            let summary = "\(names) made \(count) of \(all.total) \(api) calls (\(EvidenceText.percent(leadShare))) in the detection window, against \(Value.format(double: Statistics.rounded(lead.reduce(0) { $0 + $1.expected }, 1))) expected from the baseline"
            findings.append(rule.finding(
                severity: leadShare >= 0.9 ? rule.severity.raised() : rule.severity,
                firstSeen: activeHours.first.map { Bucketing.start($0, width: Bucketing.hour) },
                lastSeen: activeHours.last.map { Bucketing.start($0, width: Bucketing.hour) + Bucketing.hour - 1 },
                count: count, entities: entities, evidence: evidence,
                sources: files.paths(merging: lead.compactMap { tallies.files[$0.key] }), summary: summary))
        }
        return findings
    }
}
