import PumpwatchCore

/// The seed's LogScale detection judged per host against its own history
/// (`falcon-host-baseline`), so a steady notification server stays quiet and a host that suddenly
/// talks to SMS APIs does not.
///
/// Two branches, as in the seed: DNS lookups of SMS-provider API domains (`DnsRequest` whose
/// `DomainName` contains one of `domains`), and outbound connections from script and
/// application processes (`NetworkConnectIP4` to `ports` by a `TargetProcessName` ending in one
/// of `process_extensions`). Per host (`aid`) and hour, a branch fires when the detection window's
/// busiest hour is `baseline_factor` times the host's baseline hourly `percentile` (at least 1),
/// and the window's count is above the seed's threshold (`dns_threshold` 50, `connect_threshold`
/// 200). Hosts in `suppress` (`aid` or `ComputerName`, case-insensitive) are skipped: the seed's
/// advice for known application servers. Findings keep the seed's `DetectionBranch` and
/// `RiskScore` (Critical over 1000 lookups or 2000 connections, High over 500 or 1000, else Medium).
///
/// Parameters: `domains`, `ports` ([443, 80, 8443]), `process_extensions`, `dns_threshold` (50),
/// `connect_threshold` (200), `baseline_factor` (5), `percentile` (95), `suppress` ([]).
public final class FalconHostBaselineDetector: Detector {
    public static let name = "falcon-host-baseline"

    /// The SMS-provider API domains of the seed's first branch.
    public static let defaultDomains = [
        "api.twilio.com", "sns.amazonaws.com", "rest.nexmo.com", "api.vonage.com", "api.plivo.com", "messaging.bandwidth.com",
        "api.telnyx.com", "rest.messagebird.com", "eu.api.sinch.com", "api.infobip.com",
    ]

    private let rule: Rule
    private let domains: [String]
    private let ports: Set<String>
    private let extensions: [String]
    private let dnsThreshold: Int
    private let connectThreshold: Int
    private let baselineFactor: Double
    private let percentile: Double
    private let suppress: Set<String>
    private let files: SourceFiles
    private var clock: DetectionClock
    private var tallies = BucketedTallies<HostBranch, Count>(width: Bucketing.hour)
    private var names: [String: String] = [:]
    private var details: [DayKey: Detail] = [:]
    private var suppressedEvents = 0

    private struct HostBranch: Hashable {
        var aid: String
        var dns: Bool
    }

    private struct DayKey: Hashable {
        var host: HostBranch
        var day: Int64
    }

    /// What a host's matching events looked like on one day: the seed's `collect` and `dc` columns.
    private struct Detail {
        var targets = BoundedCounter<String>(capacity: 50)
        var processes = BoundedCounter<String>(capacity: 50)
        var processIDs = BoundedSamples<String>(limit: 0, countLimit: 5000)
        var ports = BoundedSamples<String>(limit: 5)
    }

    public init(rule: Rule, context: DetectionContext) throws(RuleError) {
        self.rule = rule
        files = SourceFiles()
        let p = rule.parameters
        domains = try p.strings("domains", default: Self.defaultDomains).map { $0.lowercased() }
        ports = Set(try p.strings("ports", default: ["443", "80", "8443"]))
        extensions = try p.strings("process_extensions", default: ["exe", "py", "rb", "js", "jar", "sh", "php"])
            .map { "." + $0.lowercased().drop { $0 == "." } }
        dnsThreshold = try p.int("dns_threshold", default: 50)
        connectThreshold = try p.int("connect_threshold", default: 200)
        baselineFactor = try p.double("baseline_factor", default: 5)
        percentile = try p.double("percentile", default: 95)
        suppress = Set(try p.strings("suppress", default: []).map { $0.lowercased() })
        guard !domains.isEmpty else { throw RuleError(key: "domains", reason: "name at least one domain") }
        guard dnsThreshold >= 0, connectThreshold >= 0 else { throw RuleError(key: dnsThreshold < 0 ? "dns_threshold" : "connect_threshold", reason: "must not be negative") }
        guard baselineFactor >= 1 else { throw RuleError(key: "baseline_factor", reason: "must be at least 1, found \(baselineFactor)") }
        guard percentile > 0, percentile <= 100 else { throw RuleError(key: "percentile", reason: "must be above 0 and at most 100, found \(percentile)") }
        clock = DetectionClock(context: context)
    }

    /// A detector with `other`'s configuration and a copy of its state.
    private init(copying other: FalconHostBaselineDetector) {
        rule = other.rule
        domains = other.domains
        ports = other.ports
        extensions = other.extensions
        dnsThreshold = other.dnsThreshold
        connectThreshold = other.connectThreshold
        baselineFactor = other.baselineFactor
        percentile = other.percentile
        suppress = other.suppress
        files = other.files.copy()
        clock = other.clock
        tallies = other.tallies
        names = other.names
        details = other.details
        suppressedEvents = other.suppressedEvents
    }

    public func copy() -> FalconHostBaselineDetector {
        FalconHostBaselineDetector(copying: self)
    }

    public var formats: Set<SourceFormat> { [.falcon, .ndjson] }
    public var fields: FieldProjection {
        FieldProjection(names: ["@timestamp", "#event_simpleName", "event_simpleName", "aid", "ComputerName", "DomainName", "FileName",
                                "ContextProcessId", "RemotePort", "TargetProcessName", "RemoteAddressIP4"])
    }

    public func observe(_ observed: ObservedEvent) {
        let event = observed.event
        // Every event moves the data's end, which ends the detection window.
        if let t = event.timestampMillis, clock.isWithinEnd(t) { clock.observe(t) }
        guard let time = event.timestampMillis, clock.isWithinEnd(time) else { return }
        let kind = (event["#event_simpleName"] ?? event["event_simpleName"])?.stringValue
        let dns: Bool
        var target: String?
        var process: String?
        switch kind {
        case "DnsRequest":
            guard let domain = event["DomainName"]?.stringValue?.lowercased(), domains.contains(where: { TextSearch.contains(domain, $0) }) else { return }
            dns = true
            target = domain
            process = event["FileName"]?.stringValue
        case "NetworkConnectIP4":
            guard let port = event["RemotePort"]?.stringValue, ports.contains(port),
                let name = event["TargetProcessName"]?.stringValue, case let lower = name.lowercased(), extensions.contains(where: { lower.hasSuffix($0) })
            else { return }
            dns = false
            target = event["RemoteAddressIP4"]?.stringValue
            process = name
        default:
            return
        }
        let computer = event["ComputerName"]?.stringValue
        guard let aid = event["aid"]?.stringValue ?? computer else { return }
        if suppress.contains(aid.lowercased()) || computer.map({ suppress.contains($0.lowercased()) }) == true {
            suppressedEvents += 1
            return
        }
        if let computer, names[aid] == nil { names[aid] = computer }
        let host = HostBranch(aid: aid, dns: dns)
        tallies.add(host, at: time, Count(failed: false), file: files.id(event.origin.file))
        let key = DayKey(host: host, day: Bucketing.index(time, width: Bucketing.day))
        // In place: a copy would copy the detail's sets on every insert.
        let pid = event["ContextProcessId"]?.stringValue
        let port = dns ? nil : event["RemotePort"]?.stringValue
        Self.note(target: target, process: process, pid: pid, port: port, in: &details[key, default: Detail()])
    }

    private static func note(target: String?, process: String?, pid: String?, port: String?, in d: inout Detail) {
        if let target { d.targets.add(target) }
        if let process { d.processes.add(process) }
        if let pid { d.processIDs.insert(pid) }
        if let port { d.ports.insert(port) }
    }

    public func finish() -> [Finding] {
        let detection = clock.buckets(in: .detection)
        let baseline = clock.buckets(in: .baseline)
        guard !detection.isEmpty, let detectionStart = clock.detectionStart, let end = clock.windowEnd else { return [] }
        let days = Set([Bucketing.index(detectionStart, width: Bucketing.day), Bucketing.index(end, width: Bucketing.day)])
        var findings: [Finding] = []
        for host in tallies.keys.sorted(by: { $0.aid != $1.aid ? $0.aid < $1.aid : $0.dns && !$1.dns }) {
            let now = tallies.series(host, over: detection).map(\.total)
            let total = now.reduce(0, +)
            let threshold = host.dns ? dnsThreshold : connectThreshold
            guard total > threshold else { continue }
            let history = tallies.series(host, over: baseline).map { Double($0.total) }
            let typical = Statistics.percentile(history, percentile)
            let peakIndex = now.indices.max { now[$0] < now[$1] }!
            let peak = now[peakIndex]
            guard Double(peak) >= baselineFactor * max(typical, 1) else { continue }

            var detail = Detail()
            for day in days.sorted() {
                guard let d = details[DayKey(host: host, day: day)] else { continue }
                detail.targets.merge(d.targets)
                detail.processes.merge(d.processes)
                detail.processIDs.formUnion(d.processIDs)
                detail.ports.formUnion(d.ports)
            }
            let computer = names[host.aid] ?? host.aid
            let branch = host.dns ? "DNSLookup-SMSProvider" : "NetworkConnect-HighVolumeHTTPS"
            let risk: String
            if host.dns { risk = total > 1000 ? "Critical" : total > 500 ? "High" : "Medium" } else { risk = total > 2000 ? "Critical" : total > 1000 ? "High" : "Medium" }
            let severity = Severity(loose: risk) ?? rule.severity
            let active = zip(detection, now).filter { $0.1 > 0 }
            let firstSeen = active.first.map { max(Bucketing.start($0.0, width: Bucketing.hour), detectionStart) }
            let lastSeen = active.last.map { min(Bucketing.start($0.0, width: Bucketing.hour) + Bucketing.hour - 1, end) }
            let topTargets = detail.targets.topSorted(5)
            let topProcesses = detail.processes.topSorted(5)
            var evidence: [(String, Value)] = [
                ("event_count", .int(Int64(total))),
                ("peak_hour", .date(Bucketing.start(detection[peakIndex], width: Bucketing.hour))),
                ("peak_hour_count", .int(Int64(peak))),
                ("baseline_hourly_p\(Int(percentile))", .double(Statistics.rounded(typical, 1))),
                ("baseline_hours", .int(Int64(history.count))),
                ("baseline_total", .int(Int64(history.reduce(0, +)))),
                ("baseline_factor", .double(baselineFactor)),
                ("seed_threshold", .int(Int64(threshold))),
                (host.dns ? "domains" : "remote_addresses", .string(EvidenceText.counts(topTargets))),
                (host.dns ? "file_names" : "processes", .string(EvidenceText.counts(topProcesses))),
                ("unique_processes", .int(Int64(detail.processIDs.distinct))),
                ("active_hours", .int(Int64(active.count))),
            ]
            if !host.dns { evidence.append(("ports", EvidenceText.list(detail.ports.values))) }
            if suppressedEvents > 0 { evidence.append(("suppressed_events", .int(Int64(suppressedEvents)))) }
            evidence += clock.windowEvidence()
            var entities: [(String, Value)] = [("aid", .string(host.aid)), ("ComputerName", .string(computer))]
            if host.dns, let d = topTargets.first { entities.append(("DomainName", .string(d.0))) }
            if !host.dns, let p = topProcesses.first { entities.append(("TargetProcessName", .string(p.0))) }
            let what = host.dns ? "SMS-provider DNS lookups" : "HTTPS connections from script processes"
            let targets = topTargets.prefix(3).map(\.0).joined(separator: ", ")
            let processes = topProcesses.prefix(3).map(\.0).joined(separator: ", ")
            let typicalText = Value.format(double: Statistics.rounded(typical, 1))
            var summary = "\(computer): \(total) \(what) in the detection window (seed threshold \(threshold)), "
            summary += "\(peak) in the busiest hour against a baseline hourly p\(Int(percentile)) of \(typicalText); "
            summary += (host.dns ? "domains " : "to ") + targets + " by " + processes
            findings.append(rule.finding(
                severity: severity, firstSeen: firstSeen, lastSeen: lastSeen, count: total, entities: entities, evidence: evidence,
                fields: [("DetectionBranch", .string(branch)), ("RiskScore", .string(risk)), ("EventCount", .int(Int64(total)))],
                sources: files.paths(tallies.files[host] ?? FileRefs()), summary: summary))
        }
        return findings.sorted { ($0.count, $0.summary) > ($1.count, $1.summary) }
    }
}
