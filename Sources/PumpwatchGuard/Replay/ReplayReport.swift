import Foundation
import PumpwatchCore

/// Prints replay results as a table or as NDJSON.
///
/// The summary as a table for people; decisions and the summary as NDJSON for tools.
public enum ReplayReport {
    /// One decision as an NDJSON line: `{"time","id","to","ip","decision","policy_decision","risk_score","country","reasons"}`.
    public static func decisionLine(_ o: ReplayRunner.Outcome) -> String {
        var reasons: [JSONValue] = []
        for r in o.decision.reasons {
            var m: [(String, JSONValue)] = [("signal", .string(r.signal)), ("detail", .string(r.detail)), ("value", number(r.value))]
            m.append(("threshold", r.threshold.map(number) ?? .null))
            m.append(("score", .int(Int64(r.score))))
            reasons.append(.object(m))
        }
        let members: [(String, JSONValue)] = [
            ("time", .string(Timestamp.iso8601(millis: o.record.time))),
            ("id", .string(o.decision.id)),
            ("to", .string(o.request.to)),
            ("ip", o.request.ip.map(JSONValue.string) ?? .null),
            ("decision", .string(o.decision.decision.rawValue)),
            ("policy_decision", .string(o.decision.policyDecision.rawValue)),
            ("risk_score", .int(Int64(o.decision.riskScore))),
            ("country", o.decision.country.map(JSONValue.string) ?? .null),
            ("reasons", .array(reasons)),
        ]
        return JSONWriter.serialize(.object(members))
    }

    private static func number(_ v: Double) -> JSONValue {
        v == v.rounded() && abs(v) < 1e15 ? .int(Int64(v)) : .double(v)
    }

    /// The summary as one JSON object with `"summary": true` first.
    public static func summaryLine(_ s: ReplaySummary) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        guard let data = try? e.encode(s), let text = String(data: data, encoding: .utf8), text.hasPrefix("{") else { return "{\"summary\":true}" }
        return "{\"summary\":true," + text.dropFirst()
    }

    /// The summary for a terminal.
    public static func table(_ s: ReplaySummary) -> String {
        func pct(_ v: Double) -> String { String(format: "%.2f%%", v * 100) }
        func money(_ v: Double) -> String { String(format: "%.2f %@", v, s.currency) }
        func count(_ d: [String: Int], _ v: Verdict) -> Int { d[v.rawValue] ?? 0 }
        var lines: [String] = []
        lines.append("Replay in \(s.mode.rawValue) mode: \(s.requests) requests, \(s.verifications) verifications (\(s.verificationsMatched) matched a code let through)")
        if let a = s.start, let b = s.end { lines.append("Period \(a) to \(b)") }
        lines.append("")
        lines.append("DECISION     POLICY  EFFECTIVE")
        for v in Verdict.allCases {
            lines.append(v.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) + String(count(s.decisions, v)).leftPadded(9) + String(count(s.effective, v)).leftPadded(11))
        }
        lines.append("")
        lines.append("Spend by the price table: \(money(s.spend.total)) requested; blocked \(money(s.spend.blocked)), challenged \(money(s.spend.challenged)); saved \(money(s.spend.saved))")
        lines.append("Legitimate sends (verified within the window): \(s.legitimate.sends); blocked \(s.legitimate.blocked) (\(pct(s.legitimate.blockedRate))), challenged \(s.legitimate.challenged)")
        lines.append("Unverified sends: \(s.unverified.sends) costing \(money(s.unverified.spend)); blocked or challenged \(pct(s.unverified.stoppedRate)) of sends, \(pct(s.unverified.spendStoppedRate)) of spend")
        if !s.labels.isEmpty {
            lines.append("")
            lines.append("LABEL                             SENDS  BLOCKED  CHALLENGED      SPEND  SPEND STOPPED")
            var rows = s.labels.sorted(by: { $0.key < $1.key })
            if let p = s.pumping { rows.append(("all campaign labels", p)) }
            for (label, share) in rows {
                lines.append(label.padding(toLength: 30, withPad: " ", startingAt: 0) + String(share.sends).leftPadded(9) + String(share.blocked).leftPadded(9)
                    + String(share.challenged).leftPadded(12) + String(format: "%.2f", share.spend).leftPadded(11) + pct(share.spendStoppedRate).leftPadded(15))
            }
        }
        if !s.topReasons.isEmpty {
            lines.append("")
            lines.append("Top reasons for challenge and block: " + s.topReasons.map { "\($0.signal) \($0.count)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
