import PumpwatchCore
import PumpwatchDetect

/// Prints findings as OCSF 1.3 Detection Findings (class 2004), one JSON object per line.
///
/// Entities go to one `evidences` element (`device`, `src_endpoint`, `dst_endpoint`, `actor.user`,
/// `user`, `url`) with the full entities and evidence under its `data`; IPs, hosts, users, ARNs,
/// user agents, countries and phone numbers are listed again as `observables`. A query rule's own
/// output row goes to `unmapped`.
public enum OCSFFindingFormatter {
    /// The OCSF schema version the findings follow.
    public static let schemaVersion = "1.3.0"

    public static func render(_ findings: [Finding], summary: HuntSummary) -> String {
        var out = ""
        for f in findings {
            JSONWriter.append(event(for: f, summary: summary), to: &out)
            out.append("\n")
        }
        return out
    }

    /// `severity_id`: low 2, medium 3, high 4, critical 5.
    public static func severityID(_ s: Severity) -> Int {
        switch s {
        case .low: return 2
        case .medium: return 3
        case .high: return 4
        case .critical: return 5
        }
    }

    /// `risk_level_id`: low 1, medium 2, high 3, critical 4.
    static func riskLevelID(_ s: Severity) -> Int {
        severityID(s) - 1
    }

    static func caption(_ s: Severity) -> String {
        s.rawValue.prefix(1).uppercased() + s.rawValue.dropFirst()
    }

    /// The Detection Finding of one finding. `time` is the last time the activity was seen.
    public static func event(for f: Finding, summary: HuntSummary) -> JSONValue {
        let time = f.lastSeen ?? f.firstSeen ?? summary.lastEvent ?? 0
        let (evidence, observables) = evidenceAndObservables(f)
        var members: [(String, JSONValue?)] = [
            ("activity_id", .int(1)),
            ("activity_name", .string("Create")),
            ("category_uid", .int(2)),
            ("category_name", .string("Findings")),
            ("class_uid", .int(2004)),
            ("class_name", .string("Detection Finding")),
            ("type_uid", .int(200401)),
            ("type_name", .string("Detection Finding: Create")),
            ("time", .int(time)),
            ("start_time", f.firstSeen.map { .int($0) }),
            ("end_time", f.lastSeen.map { .int($0) }),
            ("count", .int(Int64(f.count))),
            ("message", .string(f.summary)),
            ("severity_id", .int(Int64(severityID(f.severity)))),
            ("severity", .string(caption(f.severity))),
            ("status_id", .int(1)),
            ("status", .string("New")),
            ("risk_score", .int(Int64(f.riskScore))),
            ("risk_level_id", .int(Int64(riskLevelID(f.severity)))),
            ("risk_level", .string(caption(f.severity))),
            ("finding_info", findingInfo(f)),
            ("evidences", .array([evidence])),
            ("observables", observables.isEmpty ? nil : .array(observables)),
            ("metadata", .object([
                ("version", .string(schemaVersion)),
                ("product", .object([("name", .string("pumpwatch")), ("vendor_name", .string("pumpwatch"))])),
            ])),
        ]
        if !f.fields.isEmpty { members.append(("unmapped", .object([("fields", .object(pairs: f.fields))]))) }
        return .compact(members)
    }

    private static func findingInfo(_ f: Finding) -> JSONValue {
        let techniques = f.attack.map(AttackTechnique.lookup)
        return .compact([
            ("uid", .string(FindingIdentity.uid(f))),
            ("title", .string(f.title)),
            ("desc", .string(f.summary)),
            ("types", .array(techniques.isEmpty ? [.string(f.title)] : techniques.map { .string($0.qualifiedName) })),
            ("analytic", .object([
                ("uid", .string(f.ruleID)),
                ("name", .string(f.ruleID)),
                ("type_id", .int(1)),
                ("type", .string("Rule")),
            ])),
            ("attacks", techniques.isEmpty ? nil : .array(techniques.map(attack))),
            ("first_seen_time", f.firstSeen.map { .int($0) }),
            ("last_seen_time", f.lastSeen.map { .int($0) }),
            ("data_sources", f.sources.isEmpty ? nil : .array(f.sources.map { .string($0) })),
        ])
    }

    /// An `attack` object: the technique, the sub-technique when there is one, and the first tactic.
    private static func attack(_ t: AttackTechnique) -> JSONValue {
        let technique = t.parent ?? t
        let tactic = t.tactics.first
        return .compact([
            ("technique", .object([("uid", .string(technique.id)), ("name", .string(technique.name))])),
            ("sub_technique", t.isSubtechnique ? .object([("uid", .string(t.id)), ("name", .string(t.name))]) : nil),
            ("tactic", tactic.map { .object([("uid", .string($0.id)), ("name", .string($0.name))]) }),
        ])
    }

    /// The single evidence element and the observables that point into it.
    private static func evidenceAndObservables(_ f: Finding) -> (JSONValue, [JSONValue]) {
        var device: [(String, JSONValue)] = []
        var src: [(String, JSONValue)] = []
        var dst: [(String, JSONValue)] = []
        var actorUser: [(String, JSONValue)] = []
        var url: [(String, JSONValue)] = []
        var observables: [JSONValue] = []

        func observe(_ name: String, _ typeID: Int, _ type: String, _ value: String) {
            observables.append(.object([("name", .string(name)), ("type_id", .int(Int64(typeID))), ("type", .string(type)), ("value", .string(value))]))
        }
        /// Puts the first value in `slot` under `key` (once) and returns the observable name for each value.
        func place(_ slot: inout [(String, JSONValue)], _ key: String, _ path: String, _ texts: [String], entity: String) -> [(String, String)] {
            var names: [(String, String)] = []
            for (i, t) in texts.enumerated() {
                if i == 0, !slot.contains(where: { $0.0 == key }) {
                    slot.append((key, .string(t)))
                    names.append((path, t))
                } else {
                    names.append(("evidences[0].data.entities.\(entity)", t))
                }
            }
            return names
        }

        for (name, value) in f.entities {
            let texts = value.texts
            guard !texts.isEmpty else { continue }
            switch EntityRole(name: name, value: value) {
            case .hostName:
                for (p, v) in place(&device, "hostname", "evidences[0].device.hostname", texts, entity: name) { observe(p, 1, "Hostname", v) }
            case .hostID:
                for (p, v) in place(&device, "uid", "evidences[0].device.uid", texts, entity: name) { observe(p, 10, "Resource UID", v) }
            case .sourceAddress:
                for t in texts {
                    if IPAddress.isValid(t) {
                        for (p, v) in place(&src, "ip", "evidences[0].src_endpoint.ip", [t], entity: name) { observe(p, 2, "IP Address", v) }
                    } else {
                        for (p, v) in place(&src, "hostname", "evidences[0].src_endpoint.hostname", [t], entity: name) { observe(p, 1, "Hostname", v) }
                    }
                }
            case .destinationIP:
                for t in texts where IPAddress.isValid(t) {
                    for (p, v) in place(&dst, "ip", "evidences[0].dst_endpoint.ip", [t], entity: name) { observe(p, 2, "IP Address", v) }
                }
            case .domain:
                for (p, v) in place(&dst, "hostname", "evidences[0].dst_endpoint.hostname", texts, entity: name) { observe(p, 1, "Hostname", v) }
            case .principalARN:
                for (p, v) in place(&actorUser, "uid", "evidences[0].actor.user.uid", texts, entity: name) { observe(p, 10, "Resource UID", v) }
            case .userName:
                for (p, v) in place(&actorUser, "name", "evidences[0].actor.user.name", texts, entity: name) { observe(p, 4, "User Name", v) }
            case .urlPath:
                _ = place(&url, "path", "evidences[0].url.path", texts, entity: name)
            case .userAgent:
                for t in texts { observe("evidences[0].data.entities.\(name)", 16, "HTTP User-Agent", t) }
            case .country:
                for t in texts {
                    let isISO = t.utf8.count == 2 && t.utf8.allSatisfy { (65...90).contains($0) || (97...122).contains($0) }
                    if isISO { observe("evidences[0].data.entities.\(name)", 14, "Country", t.uppercased()) }
                }
            case .destinationNumber:
                for t in texts { observe("evidences[0].data.entities.\(name)", 99, "Phone Number", t) }
            case .numberBlock:
                for t in texts { observe("evidences[0].data.entities.\(name)", 99, "Phone Number Block", t) }
            case .cloudAccount, .other:
                break
            }
        }
        if !device.isEmpty {
            device.append(("type_id", .int(0)))
            device.append(("type", .string("Unknown")))
        }
        let evidence = JSONValue.compact([
            ("actor", actorUser.isEmpty ? nil : .object([("user", .object(actorUser))])),
            ("device", device.isEmpty ? nil : .object(device)),
            ("src_endpoint", src.isEmpty ? nil : .object(src)),
            ("dst_endpoint", dst.isEmpty ? nil : .object(dst)),
            ("url", url.isEmpty ? nil : .object(url)),
            ("data", .object([
                ("rule_id", .string(f.ruleID)),
                ("entities", .object(pairs: f.entities)),
                ("evidence", .object(pairs: f.evidence)),
                ("sources", .array(f.sources.map { .string($0) })),
            ])),
        ])
        return (evidence, observables)
    }
}
