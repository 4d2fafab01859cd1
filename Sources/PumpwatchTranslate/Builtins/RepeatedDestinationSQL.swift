import PumpwatchDetect

/// The SQL form of `repeated-destination`: numbers receiving `threshold` or more texts within
/// `window`.
///
/// As the detector does, texts are counted per number in burst windows (`BurstWindowsSQL`): a
/// window fires at `threshold`, the finding adds up every bucket that took part in a firing window,
/// the peak is the busiest window and a new burst starts at a firing window not adjacent to the
/// previous one.
public enum RepeatedDestinationSQL: BuiltinSQLForm {
    public static let detectorName = "repeated-destination"

    public static func query(rule: Rule, dialect d: BuiltinSQLDialect) throws(TranslationError) -> String {
        let p = FormParameters(rule: rule, target: d.target)
        let threshold = try p.int("threshold", default: 5)
        let window = try p.duration("window", default: 60_000)
        _ = try p.int("dedupe_capacity", default: 200_000)
        _ = try p.int("max_tracked", default: 2_000_000)
        try p.require(threshold >= 2, "threshold", "must be at least 2, found \(threshold)")
        try p.require(window >= 1000, "window", "must be at least 1s")
        let t = MessageTallySQL.self
        let row = FindingRowSQL(rule: rule, dialect: d)
        let country = PhoneLookupSQL.country("f.digits", d)
        let risky = PhoneLookupSQL.highRiskPrefix("f.digits", PhoneLookupSQL.standardHighRisk, d)

        var defs = OutboundMessagesSQL.definitions(d)
        defs.append("rd_texts AS (SELECT digits AS burst_key, time_ms, view, price FROM outbound_messages WHERE digits IS NOT NULL)")
        let bursts = BurstWindowsSQL(
            name: "rd", source: "rd_texts", aggregates: t.aggregates, columns: t.columns, total: t.total,
            window: window, threshold: threshold)
        defs += bursts.definitions(d)
        defs.append("""
            rd_callers AS (
              SELECT digits, \(d.joined("caller_arn", by: "caller_arn", separator: ", ")) AS callers
                FROM (SELECT DISTINCT digits, caller_arn FROM outbound_messages WHERE digits IS NOT NULL AND caller_arn IS NOT NULL) AS c
                GROUP BY digits
            )
            """)
        defs.append("""
            rd_result AS (
              SELECT f.*, \(t.total("f.")) AS total, \(t.cost("f.")) AS cost, \(country) AS country, \(risky) AS risky_prefix, c.callers
                FROM (SELECT *, burst_key AS digits FROM rd_found) AS f LEFT JOIN rd_callers c ON c.digits = f.digits
            )
            """)
        let severity = row.severity(raisedWhen: "peak >= \(threshold * 4) OR risky_prefix IS NOT NULL")
        let windowText = durationText(window)
        let summary = "'+' || digits || ' (' || country || ') received ' || \(d.text("peak")) || ' texts within one \(windowText) window (threshold \(threshold)) seen in ' || array_join_logs"
            + " || CASE WHEN bursts > 1 THEN '; ' || \(d.text("bursts")) || ' bursts, ' || \(d.text("total")) || ' texts in all' ELSE '' END"
            + " || CASE WHEN callers IS NOT NULL THEN '; caller ' || callers ELSE '' END"
        let logsText = d.isSpark ? "array_join(\(t.logs("", d)), ', ')" : "array_to_string(\(t.logs("", d)), ', ')"
        let select = row.select(
            from: "(SELECT *, \(logsText) AS array_join_logs FROM rd_result) AS r",
            firstSeen: "first_ms", lastSeen: "last_ms", count: "total", severity: severity,
            summary: summary,
            entities: [("sms.to", "'+' || digits"), ("country", "country")],
            evidence: [
                ("peak_messages", "peak"), ("peak_first", d.isoText("peak_first")), ("peak_last", d.isoText("peak_last")),
                ("threshold", "\(threshold)"), ("window", d.string(windowText)), ("bursts", "bursts"),
                ("messages_in_bursts", "total"), ("logs", t.logs("", d)), ("cost_usd", "round(cost, 4)"),
                ("high_risk_prefix", "risky_prefix"),
            ])
        return FindingRowSQL.query(defs, select, comment: "\(rule.id): \(rule.title) (\(d.target.displayName), built-in detector \(detectorName))")
    }

    /// `60s`, `5m`, `1h`, as the detector's evidence writes durations.
    static func durationText(_ ms: Int64) -> String {
        for (unit, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000)] where ms % size == 0 && ms >= size {
            return "\(ms / size)\(unit)"
        }
        return "\(ms)ms"
    }
}
