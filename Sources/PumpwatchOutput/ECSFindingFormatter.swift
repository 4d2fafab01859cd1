import PumpwatchCore
import PumpwatchDetect

/// Prints findings as Elastic Common Schema alert documents, one JSON object per line.
///
/// Entities that have an obvious ECS home are copied there (`ComputerName` to `host.name`, `aid` to
/// `host.id`, an IP to `source.ip`, an ARN to `aws.cloudtrail.user_identity.arn`, a phone number to
/// `destination.address`, ...); every entity also stays under `pumpwatch.entities` by its own name,
/// and the evidence under `pumpwatch.evidence`. `event.severity` is 1 (low) to 4 (critical).
public enum ECSFindingFormatter {
    /// The ECS version the documents follow.
    public static let ecsVersion = "8.11.0"

    public static func render(_ findings: [Finding], summary: HuntSummary) -> String {
        var out = ""
        for f in findings {
            JSONWriter.append(document(for: f, summary: summary), to: &out)
            out.append("\n")
        }
        return out
    }

    /// The numeric `event.severity` of a severity.
    public static func eventSeverity(_ s: Severity) -> Int {
        switch s {
        case .low: return 1
        case .medium: return 2
        case .high: return 3
        case .critical: return 4
        }
    }

    /// The ECS document of one finding. `@timestamp` is the last time the activity was seen.
    public static func document(for f: Finding, summary: HuntSummary) -> JSONValue {
        var doc = NestedJSONObject()
        doc.setIfPresent("@timestamp", (f.lastSeen ?? f.firstSeen ?? summary.lastEvent).map { .string(Timestamp.iso8601(millis: $0)) })
        doc.set("message", .string(f.summary))
        doc.set("ecs.version", .string(ecsVersion))
        doc.set("event.kind", .string("alert"))
        doc.set("event.category", .array([.string("threat")]))
        doc.set("event.type", .array([.string("indicator")]))
        doc.set("event.severity", .int(Int64(eventSeverity(f.severity))))
        doc.set("event.risk_score", .double(Double(f.riskScore)))
        doc.set("event.risk_score_norm", .double(Double(f.riskScore)))
        doc.setIfPresent("event.start", f.firstSeen.map { .string(Timestamp.iso8601(millis: $0)) })
        doc.setIfPresent("event.end", f.lastSeen.map { .string(Timestamp.iso8601(millis: $0)) })
        if let first = f.firstSeen, let last = f.lastSeen, last >= first {
            let (ns, overflow) = (last - first).multipliedReportingOverflow(by: 1_000_000)
            if !overflow { doc.set("event.duration", .int(ns)) }
        }
        doc.set("event.module", .string("pumpwatch"))
        doc.set("event.dataset", .string("pumpwatch.finding"))
        doc.set("rule.id", .string(f.ruleID))
        doc.set("rule.name", .string(f.title))
        doc.set("rule.description", .string(f.summary))
        doc.set("rule.ruleset", .string("pumpwatch"))
        addThreat(f.attack, to: &doc)
        addEntities(f.entities, to: &doc)
        doc.set("observer.vendor", .string("pumpwatch"))
        doc.set("observer.product", .string("pumpwatch"))
        doc.set("pumpwatch.finding_id", .string(FindingIdentity.fingerprint(f)))
        doc.set("pumpwatch.severity", .string(f.severity.rawValue))
        doc.set("pumpwatch.count", .int(Int64(f.count)))
        doc.set("pumpwatch.attack", .array(f.attack.map { .string($0) }))
        doc.set("pumpwatch.entities", .object(pairs: f.entities))
        doc.set("pumpwatch.evidence", .object(pairs: f.evidence))
        if !f.fields.isEmpty { doc.set("pumpwatch.fields", .object(pairs: f.fields)) }
        doc.set("pumpwatch.sources", .array(f.sources.map { .string($0) }))
        return doc.json
    }

    /// `threat.*` as ECS asks: arrays of technique, sub-technique and tactic ids, names and references.
    private static func addThreat(_ attack: [String], to doc: inout NestedJSONObject) {
        guard !attack.isEmpty else { return }
        var techniques: [AttackTechnique] = []
        var subtechniques: [AttackTechnique] = []
        var tactics: [(id: String, name: String)] = []
        for id in attack {
            let t = AttackTechnique.lookup(id)
            let technique = t.parent ?? t
            if t.isSubtechnique, !subtechniques.contains(where: { $0.id == t.id }) { subtechniques.append(t) }
            if !techniques.contains(where: { $0.id == technique.id }) { techniques.append(technique) }
            for tactic in t.tactics where !tactics.contains(where: { $0.id == tactic.id }) { tactics.append(tactic) }
        }
        func strings(_ items: [String]) -> JSONValue { .array(items.map { .string($0) }) }
        doc.set("threat.framework", .string("MITRE ATT&CK"))
        doc.set("threat.technique.id", strings(techniques.map(\.id)))
        doc.set("threat.technique.name", strings(techniques.map(\.name)))
        doc.set("threat.technique.reference", strings(techniques.map(\.reference)))
        if !subtechniques.isEmpty {
            doc.set("threat.technique.subtechnique.id", strings(subtechniques.map(\.id)))
            doc.set("threat.technique.subtechnique.name", strings(subtechniques.map(\.name)))
            doc.set("threat.technique.subtechnique.reference", strings(subtechniques.map(\.reference)))
        }
        if !tactics.isEmpty {
            doc.set("threat.tactic.id", strings(tactics.map(\.id)))
            doc.set("threat.tactic.name", strings(tactics.map(\.name)))
            doc.set("threat.tactic.reference", strings(tactics.map { AttackTechnique.tacticReference($0.id) }))
        }
    }

    /// Copies entities to their ECS fields and fills `related.*`.
    private static func addEntities(_ entities: [(String, Value)], to doc: inout NestedJSONObject) {
        var relatedIP: [String] = [], relatedHosts: [String] = [], relatedUsers: [String] = []
        func note(_ list: inout [String], _ items: [String]) {
            for i in items where !list.contains(i) { list.append(i) }
        }
        func field(_ texts: [String]) -> JSONValue {
            texts.count == 1 ? .string(texts[0]) : .array(texts.map { .string($0) })
        }
        for (name, value) in entities {
            let texts = value.texts
            guard !texts.isEmpty else { continue }
            switch EntityRole(name: name, value: value) {
            case .hostName:
                doc.set("host.name", field(texts))
                note(&relatedHosts, texts)
            case .hostID:
                doc.set("host.id", field(texts))
            case .sourceAddress:
                let ips = texts.filter(IPAddress.isValid)
                if !ips.isEmpty {
                    doc.set("source.ip", field(ips))
                    note(&relatedIP, ips)
                }
                doc.set("source.address", field(texts))
            case .principalARN:
                doc.set("aws.cloudtrail.user_identity.arn", field(texts))
                note(&relatedUsers, texts)
            case .userName:
                doc.set("user.name", field(texts))
                note(&relatedUsers, texts)
            case .destinationNumber:
                doc.set("destination.address", field(texts))
            case .domain:
                doc.set("destination.domain", field(texts))
                note(&relatedHosts, texts)
            case .destinationIP:
                let ips = texts.filter(IPAddress.isValid)
                if !ips.isEmpty {
                    doc.set("destination.ip", field(ips))
                    doc.set("destination.address", field(ips))
                    note(&relatedIP, ips)
                }
            case .country:
                let codes = texts.filter { $0.utf8.count == 2 && $0.utf8.allSatisfy { (65...90).contains($0) || (97...122).contains($0) } }
                if !codes.isEmpty { doc.set("destination.geo.country_iso_code", field(codes.map { $0.uppercased() })) }
            case .userAgent:
                doc.set("user_agent.original", field(texts))
            case .urlPath:
                doc.set("url.path", field(texts))
            case .cloudAccount:
                doc.set("cloud.account.id", field(texts))
            case .numberBlock, .other:
                break
            }
        }
        if !relatedIP.isEmpty { doc.set("related.ip", .array(relatedIP.map { .string($0) })) }
        if !relatedHosts.isEmpty { doc.set("related.hosts", .array(relatedHosts.map { .string($0) })) }
        if !relatedUsers.isEmpty { doc.set("related.user", .array(relatedUsers.map { .string($0) })) }
    }
}
