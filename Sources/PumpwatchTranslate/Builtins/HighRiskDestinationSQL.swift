import PumpwatchDetect

/// The SQL form of `high-risk-destination`: per provider (Twilio, SNS), a share of the detection
/// window's texts going to listed high-risk prefixes, above the baseline's share.
///
/// Texts are counted per hour, per provider and per longest listed prefix; the detection window
/// is the last `detection_window` of hours up to the data's last event and the baseline the hours
/// before it, as `DetectionClock` places them. Countries are listed by their prefixes' counts.
public enum HighRiskDestinationSQL: BuiltinSQLForm {
    public static let detectorName = "high-risk-destination"

    public static func query(rule: Rule, dialect d: BuiltinSQLDialect) throws(TranslationError) -> String {
        try query(rule: rule, dialect: d, context: BuiltinSQL.defaultContext)
    }

    public static func query(rule: Rule, dialect d: BuiltinSQLDialect, context: DetectionContext) throws(TranslationError) -> String {
        let p = FormParameters(rule: rule, target: d.target)
        let minShare = try p.double("min_share", default: 0.2)
        let minMessages = try p.int("min_messages", default: 10)
        let baselineFactor = try p.double("baseline_factor", default: 3)
        let minBaselineMessages = try p.int("min_baseline_messages", default: 20)
        let maxSamples = try p.int("max_samples", default: 10)
        _ = try p.int("dedupe_capacity", default: 200_000)
        try p.require(minShare > 0 && minShare <= 1, "min_share", "must be above 0 and at most 1, found \(minShare)")
        try p.require(minMessages >= 1, "min_messages", "must be at least 1")
        try p.require(baselineFactor >= 1, "baseline_factor", "must be at least 1")
        try p.require(maxSamples >= 1, "max_samples", "must be at least 1")
        let list = try PhoneLookupSQL.highRiskList(rule, target: d.target)
        let t = MessageTallySQL.self
        let row = FindingRowSQL(rule: rule, dialect: d)
        let h = DetectionClockSQL.hour
        func providerTotal(_ prefix: String) -> String {
            "CASE WHEN provider = 'twilio' THEN \(t.twilio(prefix)) ELSE \(t.sns(prefix)) END"
        }
        func providerCost(_ prefix: String) -> String {
            "CASE WHEN provider = 'twilio' THEN greatest(\(prefix)tm_cost, \(prefix)te_cost) ELSE \(prefix)sd_cost END"
        }
        let providerViews = "CASE WHEN view IN ('twilio-messages', 'twilio-events', 'twilio-verify') THEN 'twilio' ELSE 'sns' END"

        var defs = OutboundMessagesSQL.definitions(d)
        defs.append(OutboundMessagesSQL.eventTimes(d))
        defs.append(DetectionClockSQL.definition("hr_clock", times: "event_times", context: context, d))
        defs.append("hr_prefixes AS (\(PhoneLookupSQL.prefixTable(list, d)))")
        defs.append("hr_providers AS (\(d.values([["'twilio'"], ["'sns'"]], columns: ["provider"])))")
        defs.append("""
            hr_texts AS (
              SELECT m.view, m.price, m.digits, \(d.divide("m.time_ms", "\(h)")) AS bucket,
                  \(PhoneLookupSQL.highRiskPrefix("m.digits", list, d)) AS prefix,
                  CASE WHEN \(d.divide("m.time_ms", "\(h)")) BETWEEN c.first_detection AND c.end_bucket THEN 'detection'
                       WHEN \(d.divide("m.time_ms", "\(h)")) BETWEEN c.first_baseline AND c.first_detection - 1 THEN 'baseline' END AS period
                FROM outbound_messages m CROSS JOIN hr_clock c
            )
            """)
        defs.append("""
            hr_all AS (
              SELECT p.provider, \(providerTotal("a.")) AS total, \(providerCost("a.")) AS cost, a.period
                FROM (SELECT period, \(t.aggregates) FROM hr_texts WHERE period IS NOT NULL GROUP BY period) AS a CROSS JOIN hr_providers p
            )
            """)
        defs.append("""
            hr_prefix_tallies AS (
              SELECT period, prefix, \(t.aggregates) FROM hr_texts WHERE period IS NOT NULL AND prefix IS NOT NULL GROUP BY period, prefix
            )
            """)
        // Per provider: the risky texts of the window (the prefixes' tallies added, then counted),
        // and the baseline's risky texts (each prefix counted, then added).
        defs.append("""
            hr_risky AS (
              SELECT p.provider, \(providerTotal("")) AS risky, \(providerCost("")) AS risky_cost
                FROM (SELECT \(t.sums()) FROM hr_prefix_tallies WHERE period = 'detection') AS s CROSS JOIN hr_providers p
            )
            """)
        defs.append("""
            hr_base_risky AS (
              SELECT p.provider, coalesce(sum(\(providerTotal("x."))), 0) AS base_risky
                FROM hr_providers p LEFT JOIN hr_prefix_tallies x ON x.period = 'baseline'
                GROUP BY p.provider
            )
            """)
        defs.append("""
            hr_ranked AS (
              SELECT provider, prefix, country, display, ptotal,
                  row_number() OVER (PARTITION BY provider ORDER BY ptotal DESC, prefix) AS prefix_rank
                FROM (
                  SELECT p.provider, x.prefix, coalesce(l.country, x.prefix) AS country, coalesce(l.display, '+' || x.prefix) AS display,
                      \(providerTotal("x.")) AS ptotal
                    FROM hr_prefix_tallies x CROSS JOIN hr_providers p LEFT JOIN hr_prefixes l ON l.prefix = x.prefix
                    WHERE x.period = 'detection'
                ) AS r
                WHERE ptotal > 0
            )
            """)
        defs.append("""
            hr_countries AS (
              SELECT provider, \(d.orderedList("country", by: "first_rank")) AS countries
                FROM (SELECT provider, country, min(prefix_rank) AS first_rank FROM hr_ranked GROUP BY provider, country) AS c
                GROUP BY provider
            )
            """)
        defs.append("""
            hr_prefix_counts AS (
              SELECT provider, \(d.joined("display || ' (' || \(d.text("ptotal")) || ')'", by: "prefix_rank", separator: ", ")) AS prefixes
                FROM hr_ranked WHERE prefix_rank <= 10 GROUP BY provider
            )
            """)
        defs.append("""
            hr_hours AS (
              SELECT provider, min(bucket) AS first_bucket, max(bucket) AS last_bucket
                FROM (SELECT \(providerViews) AS provider, bucket FROM hr_texts WHERE period = 'detection' AND prefix IS NOT NULL) AS x
                GROUP BY provider
            )
            """)
        defs.append("""
            hr_shares AS (
              SELECT n.provider, n.total, n.cost AS all_cost, r.risky, r.risky_cost, b.total AS base_total, q.base_risky,
                  CAST(r.risky AS DOUBLE) / n.total AS share,
                  CASE WHEN b.total > 0 THEN CAST(q.base_risky AS DOUBLE) / b.total ELSE 0.0 END AS base_share
                FROM hr_all n
                JOIN hr_risky r ON r.provider = n.provider
                JOIN hr_base_risky q ON q.provider = n.provider
                LEFT JOIN (SELECT provider, total FROM hr_all WHERE period = 'baseline') AS b ON b.provider = n.provider
                WHERE n.period = 'detection' AND n.total > 0
            )
            """)
        defs.append("""
            hr_found AS (
              SELECT s.provider, s.total, s.all_cost, s.risky, s.risky_cost, coalesce(s.base_total, 0) AS base_total, s.share, s.base_share,
                  c.countries, k.prefixes, hh.first_bucket * \(h) AS first_ms, hh.last_bucket * \(h) + \(h - 1) AS last_ms
                FROM hr_shares s
                JOIN hr_countries c ON c.provider = s.provider
                JOIN hr_prefix_counts k ON k.provider = s.provider
                JOIN hr_hours hh ON hh.provider = s.provider
                WHERE s.risky >= \(minMessages) AND s.share >= \(minShare)
                  AND NOT (coalesce(s.base_total, 0) >= \(minBaselineMessages) AND s.share < s.base_share * \(baselineFactor))
            )
            """)
        let severity = row.severity(raisedWhen: "share >= 0.5 OR risky_cost >= 100")
        let countriesText = d.isSpark ? "array_join(countries, ', ')" : "array_to_string(countries, ', ')"
        let summary = "\(d.text("risky")) || ' of ' || \(d.text("total")) || CASE WHEN provider = 'twilio' THEN ' Twilio' ELSE ' SNS' END"
            + " || ' texts (' || \(d.text("CAST(round(share * 100) AS BIGINT)")) || '%) in the detection window went to high-risk destinations ' || \(countriesText)"
            + " || CASE WHEN base_total > 0 THEN ' (baseline ' || \(d.text("CAST(round(base_share * 100) AS BIGINT)")) || '% of ' || \(d.text("base_total")) || ')' ELSE ' (no baseline texts)' END"
        let select = row.select(
            from: "hr_found",
            firstSeen: "first_ms", lastSeen: "last_ms", count: "risky", severity: severity, summary: summary,
            entities: [("provider", "provider"), ("countries", "countries")],
            evidence: [
                ("high_risk_messages", "risky"), ("all_messages", "total"), ("share", "round(share, 3)"),
                ("min_share", "\(minShare)"), ("min_messages", "\(minMessages)"), ("baseline_share", "round(base_share, 4)"),
                ("baseline_messages", "base_total"), ("prefixes", "prefixes"),
                ("high_risk_cost_usd", "round(risky_cost, 4)"), ("all_cost_usd", "round(all_cost, 4)"),
            ])
        return FindingRowSQL.query(defs, select, comment: "\(rule.id): \(rule.title) (\(d.target.displayName), built-in detector \(detectorName))")
    }
}
