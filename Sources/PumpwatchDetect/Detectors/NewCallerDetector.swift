import PumpwatchCore

/// Finds an IAM principal, source address or client that sends texts through SNS `Publish` in the
/// detection window but never did in the baseline (`new-sms-caller`): the trace of stolen
/// keys turned to pumping.
///
/// Reads CloudTrail `Publish` calls with a `phoneNumber` (attempts that failed count too, since a
/// denied attempt by a stolen key matters). A new principal fires with `min_calls` calls; a new
/// source address or a new client (the user agent's product, `aws-cli` or `Boto3`, so version
/// upgrades are not new) used by principals that did publish before fires with
/// `min_calls_known_principal` calls. The baseline must hold `min_baseline_calls` calls, so the
/// first day of logs does not make everyone new. Findings give the calls, failures, addresses,
/// user agents and the destinations.
///
/// Parameters: `min_calls` (1), `min_calls_known_principal` (5), `min_baseline_calls` (10),
/// `max_samples` (10).
public final class NewCallerDetector: Detector {
    public static let name = "new-sms-caller"

    private let rule: Rule
    private let minCalls: Int
    private let minCallsKnown: Int
    private let minBaselineCalls: Int
    private let maxSamples: Int
    private let files: SourceFiles
    private var clock: DetectionClock
    /// Keys: `principal|arn`, `ip|address`, `client|product`, and `all|`.
    private var tallies = BucketedTallies<String, Count>(width: Bucketing.hour)
    /// What each principal, address and client was seen with, latest first kept.
    private var related: [String: Related] = [:]

    private struct Related {
        var principals: RecentSamples<String>
        var addresses: RecentSamples<String>
        var agents: RecentSamples<String>
        var destinations: RecentSamples<UInt64>
        var first: Int64
        var last: Int64

        init(limit: Int, time: Int64) {
            principals = RecentSamples(limit: limit)
            addresses = RecentSamples(limit: limit)
            agents = RecentSamples(limit: 3)
            destinations = RecentSamples(limit: limit)
            first = time
            last = time
        }
    }

    public init(rule: Rule, context: DetectionContext) throws(RuleError) {
        self.rule = rule
        files = SourceFiles()
        let p = rule.parameters
        minCalls = try p.int("min_calls", default: 1)
        minCallsKnown = try p.int("min_calls_known_principal", default: 5)
        minBaselineCalls = try p.int("min_baseline_calls", default: 10)
        maxSamples = try p.int("max_samples", default: 10)
        for (k, v) in [("min_calls", minCalls), ("min_calls_known_principal", minCallsKnown), ("min_baseline_calls", minBaselineCalls), ("max_samples", maxSamples)] where v < 1 {
            throw RuleError(key: k, reason: "must be at least 1, found \(v)")
        }
        clock = DetectionClock(context: context)
    }

    /// A detector with `other`'s configuration and a copy of its state.
    private init(copying other: NewCallerDetector) {
        rule = other.rule
        minCalls = other.minCalls
        minCallsKnown = other.minCallsKnown
        minBaselineCalls = other.minBaselineCalls
        maxSamples = other.maxSamples
        files = other.files.copy()
        clock = other.clock
        tallies = other.tallies
        related = other.related
    }

    public func copy() -> NewCallerDetector {
        NewCallerDetector(copying: self)
    }

    public var formats: Set<SourceFormat> { [.cloudtrail, .ndjson] }
    public var fields: FieldProjection { FieldProjection(names: SMSAPICall.fields) }

    /// The product part of a user agent: `aws-cli/2.18.17 md/...` gives `aws-cli`.
    static func client(_ userAgent: String) -> String {
        let whole = Substring(userAgent)
        let first = firstToken(whole, separatedBy: " ") ?? whole
        return String(firstToken(first, separatedBy: "/") ?? first)
    }

    /// The first non-empty run of `text` without `separator`, as `split(separator:).first` gives it.
    private static func firstToken(_ text: Substring, separatedBy separator: Character) -> Substring? {
        guard let start = text.firstIndex(where: { $0 != separator }) else { return nil }
        let end = text[start...].firstIndex(of: separator) ?? text.endIndex
        return text[start..<end]
    }

    /// The last user agent seen and its client: consecutive calls mostly share one.
    private var lastAgent: (userAgent: String, client: String)?

    public func observe(_ observed: ObservedEvent) {
        let event = observed.event
        // Every event moves the data's end, which ends the detection window.
        if let t = event.timestampMillis, clock.isWithinEnd(t) { clock.observe(t) }
        guard let call = observed.call?.sent(cognitoActions: [], paths: []), call.api == "sns-publish",
            clock.isWithinEnd(call.time)
        else { return }
        let file = files.id(event.origin.file)
        let count = Count(failed: call.failed)
        tallies.add("all|", at: call.time, count)
        var keys: [String] = []
        if let arn = call.principal { keys.append("principal|" + arn) }
        if let ip = call.sourceIP { keys.append("ip|" + ip) }
        if let ua = call.userAgent {
            let client: String
            if let last = lastAgent, last.userAgent == ua {
                client = last.client
            } else {
                client = Self.client(ua)
                lastAgent = (ua, client)
            }
            keys.append("client|" + client)
        }
        for key in keys {
            tallies.add(key, at: call.time, count, file: file)
            // In place: a copy would copy the samples on every insert.
            Self.note(call, in: &related[key, default: Related(limit: maxSamples, time: call.time)])
        }
    }

    private static func note(_ call: SMSAPICall, in r: inout Related) {
        if let v = call.principal { r.principals.insert(v, at: call.time) }
        if let v = call.sourceIP { r.addresses.insert(v, at: call.time) }
        if let v = call.userAgent { r.agents.insert(v, at: call.time) }
        if let v = call.destination { r.destinations.insert(v.value, at: call.time) }
        r.first = min(r.first, call.time)
        r.last = max(r.last, call.time)
    }

    public func finish() -> [Finding] {
        let detection = clock.buckets(in: .detection)
        let baseline = clock.buckets(in: .baseline)
        guard !detection.isEmpty, let detectionStart = clock.detectionStart else { return [] }
        let boundary = clock.boundaryBucket.map { [$0] } ?? []
        let before = tallies.sums(over: baseline.filter { !boundary.contains($0) })
        let atBoundary = tallies.sums(over: boundary)
        let baselineCalls = (before["all|"]?.total ?? 0) + (atBoundary["all|"]?.total ?? 0)
        guard baselineCalls >= minBaselineCalls else { return [] }
        let exactStart = clock.exactDetectionStart ?? detectionStart
        func isNew(_ key: String) -> Bool {
            clock.isNew(firstSeen: related[key]?.first ?? .max, baselineCount: before[key]?.total ?? 0, boundaryCount: atBoundary[key]?.total ?? 0)
        }
        // Calls in the window; a caller that began just before the window's first hour counts from its first call.
        var now = tallies.sums(over: detection)
        for (key, t) in atBoundary where (related[key]?.first ?? .min) > exactStart { now[key] = (now[key] ?? .zero) + t }

        var findings: [Finding] = []
        let newPrincipals = Set(now.keys.filter { $0.hasPrefix("principal|") && isNew($0) && now[$0]!.total >= minCalls })
        for key in now.keys.sorted() where key != "all|" {
            guard isNew(key), let tally = now[key], let r = related[key] else { continue }
            let kind = String(key.prefix { $0 != "|" })
            let value = String(key.dropFirst(kind.count + 1))
            let since = min(r.first, detectionStart)
            let principals = r.principals.values(since: since)
            if kind == "principal" {
                guard newPrincipals.contains(key) else { continue }
            } else {
                // Addresses and clients of new principals are reported with the principal.
                guard tally.total >= minCallsKnown, !principals.contains(where: { newPrincipals.contains("principal|" + $0) }) else { continue }
            }
            let addresses = r.addresses.values(since: since)
            let agents = r.agents.values(since: since)
            let numbers = r.destinations.values(since: since).compactMap { PhoneNumber(value: $0) }
            var countries: [String] = []
            for n in numbers { if let c = CallingCodes.standard.country(of: n), !countries.contains(c) { countries.append(c) } }
            let newAddresses = addresses.filter { isNew("ip|" + $0) }
            let newClients = agents.map(Self.client).filter { isNew("client|" + $0) }
            var evidence: [(String, Value)] = [
                ("calls", .int(Int64(tally.total))),
                ("failed_calls", .int(Int64(tally.failed))),
                ("baseline_calls_by_it", .int(0)),
                ("baseline_calls", .int(Int64(baselineCalls))),
                ("min_calls", .int(Int64(kind == "principal" ? minCalls : minCallsKnown))),
            ]
            if kind != "principal", !principals.isEmpty { evidence.append(("principals", EvidenceText.list(principals))) }
            if kind != "ip", !addresses.isEmpty { evidence.append(("source_ips", EvidenceText.list(addresses))) }
            if !newAddresses.isEmpty, kind != "ip" { evidence.append(("new_source_ips", EvidenceText.list(newAddresses))) }
            if !agents.isEmpty { evidence.append(("user_agents", EvidenceText.list(agents))) }
            if !newClients.isEmpty, kind != "client" { evidence.append(("new_clients", EvidenceText.list(Array(Set(newClients)).sorted()))) }
            if !numbers.isEmpty { evidence.append(("sample_destinations", EvidenceText.list(numbers.map(\.e164)))) }
            if !countries.isEmpty { evidence.append(("destination_countries", EvidenceText.list(countries))) }
            evidence += clock.windowEvidence()

            let entityName = kind == "principal" ? "aws.cloudtrail.user_identity.arn" : kind == "ip" ? "source.ip" : "user_agent.name"
            var entities: [(String, Value)] = [(entityName, .string(value))]
            if kind == "principal", let a = addresses.first { entities.append(("source.ip", .string(a))) }
            let what = kind == "principal" ? "principal" : kind == "ip" ? "source address" : "client"
            var summary = "New SNS phone caller: \(what) \(value) made \(tally.total) Publish call\(tally.total == 1 ? "" : "s") to phone numbers in the detection window and none in the baseline (\(baselineCalls) calls by others)"
            if kind == "principal", !addresses.isEmpty { summary += ", from \(addresses.joined(separator: ", "))" }
            if !countries.isEmpty { summary += ", to \(countries.joined(separator: ", "))" }
            var severity = rule.severity
            if kind != "principal" { severity = Severity.allCases[max(0, Severity.allCases.firstIndex(of: severity)! - 1)] }
            if kind == "principal", !newAddresses.isEmpty, !newClients.isEmpty { severity = severity.raised() }
            findings.append(rule.finding(
                severity: severity, firstSeen: r.first, lastSeen: r.last, count: tally.total,
                entities: entities, evidence: evidence, sources: files.paths(tallies.files[key] ?? FileRefs()), summary: summary))
        }
        return findings.sorted { ($0.firstSeen ?? 0, $0.summary) < ($1.firstSeen ?? 0, $1.summary) }
    }
}
