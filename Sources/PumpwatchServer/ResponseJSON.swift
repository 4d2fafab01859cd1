import PumpwatchCore
import PumpwatchGuard
import PumpwatchStore

/// The JSON bodies of the guard routes, written straight into bytes (no `Codable` on the hot path).
enum ResponseJSON {
    /// `{"id", "decision", "policy_decision", "risk_score", "country", "calling_code", "reasons", "mode"}`.
    static func decision(_ d: Decision) -> [UInt8] {
        var json = JSONBytes(capacity: 192 + d.reasons.count * 144)
        json.raw("{\"id\":")
        json.string(d.id)
        json.raw(",\"decision\":")
        verdict(d.decision, &json)
        json.raw(",\"policy_decision\":")
        verdict(d.policyDecision, &json)
        json.raw(",\"risk_score\":")
        json.int(d.riskScore)
        json.raw(",\"country\":")
        json.string(d.country)
        json.raw(",\"calling_code\":")
        json.string(d.callingCode)
        json.raw(",\"reasons\":")
        json.reasons(d.reasons)
        json.raw(",\"mode\":")
        json.raw(d.mode == .monitor ? "\"monitor\"}" : "\"enforce\"}")
        return json.bytes
    }

    static func verdict(_ v: Verdict, _ json: inout JSONBytes) {
        switch v {
        case .allow: json.raw("\"allow\"")
        case .monitor: json.raw("\"monitor\"")
        case .challenge: json.raw("\"challenge\"")
        case .block: json.raw("\"block\"")
        }
    }

    /// `{"matched", "id", "to", "seconds", "repeated"}`.
    static func verification(_ v: VerificationResult) -> [UInt8] {
        var json = JSONBytes(capacity: 128)
        json.raw("{\"matched\":")
        json.bool(v.matched)
        json.raw(",\"id\":")
        json.string(v.id)
        json.raw(",\"to\":")
        json.string(v.to)
        json.raw(",\"seconds\":")
        if let s = v.seconds { json.int(s) } else { json.raw("null") }
        json.raw(",\"repeated\":")
        json.bool(v.repeated)
        json.raw("}")
        return json.bytes
    }

    /// `{"decisions": [...], "next": cursor or null}`.
    static func decisionList(_ records: [GuardDecisionRecord], limit: Int) -> [UInt8] {
        var json = JSONBytes(capacity: 512 * max(1, records.count))
        json.raw("{\"decisions\":[")
        for (i, r) in records.enumerated() {
            if i > 0 { json.raw(",") }
            record(r, &json)
        }
        json.raw("],\"next\":")
        if records.count == limit, let last = records.last?.seq { json.string(String(last)) } else { json.raw("null") }
        json.raw("}")
        return json.bytes
    }

    static func record(_ r: GuardDecisionRecord, _ json: inout JSONBytes) {
        json.raw("{\"seq\":")
        json.int(Int(r.seq ?? 0))
        json.raw(",\"time\":")
        json.string(Timestamp.iso8601(millis: r.time))
        json.raw(",\"id\":")
        json.string(r.id)
        json.raw(",\"to\":")
        json.string(r.to)
        json.raw(",\"ip\":")
        json.string(r.ip)
        json.raw(",\"user\":")
        json.string(r.user)
        json.raw(",\"session\":")
        json.string(r.session)
        json.raw(",\"purpose\":")
        json.string(r.purpose)
        json.raw(",\"channel\":")
        json.string(r.channel)
        json.raw(",\"decision\":")
        verdict(r.decision, &json)
        json.raw(",\"policy_decision\":")
        verdict(r.policyDecision, &json)
        json.raw(",\"risk_score\":")
        json.int(r.riskScore)
        json.raw(",\"country\":")
        json.string(r.country)
        json.raw(",\"calling_code\":")
        json.string(r.callingCode)
        json.raw(",\"mode\":")
        json.raw(r.mode == .monitor ? "\"monitor\"" : "\"enforce\"")
        json.raw(",\"reasons\":")
        json.reasons(r.reasons)
        json.raw("}")
    }
}
