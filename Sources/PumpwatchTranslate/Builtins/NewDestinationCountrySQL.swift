import PumpwatchDetect

/// The SQL form of `new-destination-country`: countries texted in the detection window that the
/// baseline never texted.
///
/// Texts are counted per country and hour. A country is new when the baseline hours before the
/// window's boundary hour have none to it, and it was first texted after the window's exact start
/// or the boundary hour has none either; a campaign that began inside the boundary hour counts
/// from its first text. Nothing fires unless the baseline holds `min_baseline_messages` texts.
public enum NewDestinationCountrySQL: BuiltinSQLForm {
    public static let detectorName = "new-destination-country"

    public static func query(rule: Rule, dialect d: BuiltinSQLDialect) throws(TranslationError) -> String {
        try query(rule: rule, dialect: d, context: BuiltinSQL.defaultContext)
    }

    public static func query(rule: Rule, dialect d: BuiltinSQLDialect, context: DetectionContext) throws(TranslationError) -> String {
        let p = FormParameters(rule: rule, target: d.target)
        let minMessages = try p.int("min_messages", default: 5)
        let minBaselineMessages = try p.int("min_baseline_messages", default: 20)
        let maxSamples = try p.int("max_samples", default: 10)
        _ = try p.int("dedupe_capacity", default: 200_000)
        try p.require(minMessages >= 1, "min_messages", "must be at least 1")
        try p.require(minBaselineMessages >= 1, "min_baseline_messages", "must be at least 1")
        try p.require(maxSamples >= 1, "max_samples", "must be at least 1")
        let list = try PhoneLookupSQL.highRiskList(rule, target: d.target)
        let t = MessageTallySQL.self
        let row = FindingRowSQL(rule: rule, dialect: d)
        let h = DetectionClockSQL.hour

        var defs = OutboundMessagesSQL.definitions(d)
        defs.append(OutboundMessagesSQL.eventTimes(d))
        defs.append(DetectionClockSQL.definition("nc_clock", times: "event_times", context: context, d))
        defs.append("""
            nc_texts AS (
              SELECT country, country_name, digits, time_ms, view, price, \(d.divide("time_ms", "\(h)")) AS bucket
                FROM (SELECT *, \(PhoneLookupSQL.country("digits", d)) AS country, \(PhoneLookupSQL.countryName("digits", d)) AS country_name
                        FROM outbound_messages WHERE digits IS NOT NULL) AS m
                WHERE country <> 'unknown'
            )
            """)
        defs.append("""
            nc_periods AS (
              SELECT x.*, c.end_ms,
                  CASE WHEN x.bucket BETWEEN c.first_detection AND c.end_bucket THEN 'detection'
                       WHEN x.bucket = c.first_detection - 1 THEN 'boundary'
                       WHEN x.bucket BETWEEN c.first_baseline AND c.first_detection - 2 THEN 'baseline' END AS period
                FROM nc_texts x CROSS JOIN nc_clock c
            )
            """)
        defs.append("""
            nc_sums AS (
              SELECT country, period, \(t.aggregates) FROM nc_periods WHERE period IS NOT NULL GROUP BY country, period
            )
            """)
        defs.append("""
            nc_baseline AS (
              SELECT coalesce(sum(\(t.total())), 0) AS baseline_total, count(*) AS baseline_countries
                FROM nc_sums WHERE period = 'baseline' AND \(t.total()) > 0
            )
            """)
        defs.append("""
            nc_countries AS (
              SELECT country, min(country_name) AS country_name, min(time_ms) AS first_ms, max(time_ms) AS last_ms,
                  max(CASE WHEN period = 'detection' THEN bucket END) AS last_bucket, max(end_ms) AS end_ms,
                  max(CASE WHEN period = 'detection' THEN 1 ELSE 0 END) AS in_window
                FROM nc_periods GROUP BY country
            )
            """)
        let sumOf = { (period: String, col: String) in "coalesce(max(CASE WHEN s.period = '\(period)' THEN s.\(col) END), 0)" }
        defs.append("""
            nc_tallies AS (
              SELECT c.country, \(t.columns.map { "\(sumOf("detection", $0)) AS \($0)" }.joined(separator: ", ")),
                  \(t.columns.map { "\(sumOf("boundary", $0)) AS b_\($0)" }.joined(separator: ", ")),
                  \(sumOf("baseline", "tm")) AS x_tm, \(sumOf("baseline", "te")) AS x_te, \(sumOf("baseline", "tv")) AS x_tv,
                  \(sumOf("baseline", "sa")) AS x_sa, \(sumOf("baseline", "sd")) AS x_sd
                FROM nc_countries c LEFT JOIN nc_sums s ON s.country = c.country
                GROUP BY c.country
            )
            """)
        // New: nothing in the baseline before the boundary hour, and first texted after the exact
        // start of the window or nothing in the boundary hour either.
        let late = "c.first_ms > c.end_ms - \(context.detectionWindowMillis)"
        let nowColumns = t.columns.map { "k.\($0) + CASE WHEN \(late) THEN k.b_\($0) ELSE 0 END AS \($0)" }.joined(separator: ", ")
        defs.append("""
            nc_new AS (
              SELECT c.country, c.country_name, c.first_ms, c.last_ms, c.last_bucket, \(nowColumns)
                FROM nc_countries c JOIN nc_tallies k ON k.country = c.country
                WHERE c.in_window = 1 AND \(t.total("k.x_")) = 0 AND (\(late) OR \(t.total("k.b_")) = 0)
            )
            """)
        defs.append("""
            nc_risky AS (
              SELECT x.country, min(\(PhoneLookupSQL.highRiskPrefix("x.digits", list, d))) AS risky_prefix
                FROM nc_periods x JOIN nc_new n ON n.country = x.country CROSS JOIN nc_clock c
                WHERE x.time_ms >= least(c.first_detection * \(h), n.first_ms)
                GROUP BY x.country
            )
            """)
        defs.append("""
            nc_found AS (
              SELECT n.*, \(t.total("n.")) AS total, \(t.cost("n.")) AS cost, b.baseline_total, b.baseline_countries, r.risky_prefix,
                  least(n.last_bucket * \(h) + \(h - 1), n.last_ms) AS last_seen_ms
                FROM nc_new n CROSS JOIN nc_baseline b LEFT JOIN nc_risky r ON r.country = n.country
                WHERE b.baseline_total >= \(minBaselineMessages) AND \(t.total("n.")) >= \(minMessages)
            )
            """)
        let severity = row.severity(raisedWhen: "risky_prefix IS NOT NULL")
        let summary = "\(d.text("total")) || ' texts to ' || country_name || ' (' || country || ') in the detection window; none among the baseline''s ' || \(d.text("baseline_total")) || ' texts to ' || \(d.text("baseline_countries")) || ' countries'"
            + " || CASE WHEN risky_prefix IS NOT NULL THEN '; a high-risk destination' ELSE '' END"
        let select = row.select(
            from: "nc_found",
            firstSeen: "first_ms", lastSeen: "last_seen_ms", count: "total", severity: severity,
            summary: d.isSpark ? summary.replacingOccurrences(of: "baseline''s", with: "baseline\\'s") : summary,
            entities: [("country", "country"), ("country_name", "country_name")],
            evidence: [
                ("messages", "total"), ("baseline_messages_to_country", "0"), ("baseline_messages", "baseline_total"),
                ("baseline_countries", "baseline_countries"), ("min_messages", "\(minMessages)"), ("logs", t.logs("", d)),
                ("first_text", d.isoText("first_ms")), ("cost_usd", "round(cost, 4)"), ("high_risk_prefix", "risky_prefix"),
            ])
        return FindingRowSQL.query(defs, select, comment: "\(rule.id): \(rule.title) (\(d.target.displayName), built-in detector \(detectorName))")
    }
}
