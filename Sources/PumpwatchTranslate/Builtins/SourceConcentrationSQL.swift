import PumpwatchDetect

/// The SQL form of `source-concentration`: a few principals or addresses making most of the
/// detection window's text-sending calls, well above what the baseline predicts for them.
///
/// Calls are SNS `Publish` to a phone number and Cognito code-sending actions (CloudTrail), and
/// requests to code-sending paths (web access log, Application Insights; the larger log counts).
/// Per API and hour they are counted in all, per caller ARN and per address. A source is elevated
/// when the window holds `min_source_calls` of its calls and `baseline_factor` times its baseline
/// calls scaled to the window's length; the `top_k` busiest elevated sources of a dimension fire
/// when they make `min_share` of the API's calls (at least `min_calls`).
public enum SourceConcentrationSQL: BuiltinSQLForm {
    public static let detectorName = "source-concentration"

    static let defaultSendPaths = ["/send-otp", "/otp/send", "/send-code", "/resend-otp", "/resend-code", "/sms/send", "/verify/start"]

    public static func query(rule: Rule, dialect d: BuiltinSQLDialect) throws(TranslationError) -> String {
        try query(rule: rule, dialect: d, context: BuiltinSQL.defaultContext)
    }

    public static func query(rule: Rule, dialect d: BuiltinSQLDialect, context: DetectionContext) throws(TranslationError) -> String {
        let p = FormParameters(rule: rule, target: d.target)
        let topK = try p.int("top_k", default: 3)
        let minShare = try p.double("min_share", default: 0.6)
        let minCalls = try p.int("min_calls", default: 30)
        let minSourceCalls = try p.int("min_source_calls", default: 5)
        let baselineFactor = try p.double("baseline_factor", default: 3)
        let actions = try p.strings("cognito_actions", default: OTPRequestFloodSQL.defaultActions)
        let paths = try p.strings("paths", default: defaultSendPaths).map { $0.lowercased() }
        try p.require(topK >= 1, "top_k", "must be at least 1")
        try p.require(minShare > 0 && minShare <= 1, "min_share", "must be above 0 and at most 1, found \(minShare)")
        try p.require(minCalls >= 1, "min_calls", "must be at least 1")
        try p.require(minSourceCalls >= 1, "min_source_calls", "must be at least 1")
        try p.require(baselineFactor >= 1, "baseline_factor", "must be at least 1")
        let row = FindingRowSQL(rule: rule, dialect: d)
        let f = { (path: String) in d.field(path) }
        let h = DetectionClockSQL.hour
        let actionList = actions.isEmpty ? "NULL" : actions.map(d.string).joined(separator: ", ")
        let pathMatch = paths.isEmpty ? "FALSE" : paths.map { "instr(lower(path), \(d.string($0))) > 0" }.joined(separator: " OR ")
        let total = "(api_n + greatest(web_n, app_n))"

        var defs = EndpointRequestsSQL.definitions(d)
        defs.append("""
            sc_times AS (
              SELECT \(d.isoMillis(f("eventTime"))) AS time_ms FROM cloudtrail
              UNION ALL SELECT time_ms FROM endpoint_requests
            )
            """)
        defs.append(DetectionClockSQL.definition("sc_clock", times: "sc_times", context: context, d))
        defs.append("""
            sc_calls AS (
              SELECT CASE WHEN \(f("eventSource")) = 'sns.amazonaws.com' THEN 'sns-publish' ELSE 'cognito' END AS api,
                  \(d.isoMillis(f("eventTime"))) AS time_ms, 'api' AS view, \(f("sourceIPAddress")) AS source_ip, \(f("userIdentity.arn")) AS principal
                FROM cloudtrail
                WHERE (\(f("eventSource")) = 'sns.amazonaws.com' AND \(f("eventName")) = 'Publish' AND \(f("requestParameters.phoneNumber")) IS NOT NULL)
                   OR (\(f("eventSource")) = 'cognito-idp.amazonaws.com' AND \(f("eventName")) IN (\(actionList)))
              UNION ALL
              SELECT 'otp-endpoint' AS api, time_ms, CASE WHEN view = 'web-access' THEN 'web' ELSE 'app' END AS view, source_ip,
                  CAST(NULL AS \(d.textType)) AS principal
                FROM endpoint_requests WHERE path IS NOT NULL AND (\(pathMatch))
            )
            """)
        defs.append("""
            sc_keyed AS (
              SELECT k.api, k.dimension, k.value, k.view, k.bucket,
                  CASE WHEN k.bucket BETWEEN c.first_detection AND c.end_bucket THEN 'detection'
                       WHEN k.bucket BETWEEN c.first_baseline AND c.first_detection - 1 THEN 'baseline' END AS period
                FROM (
                  SELECT api, 'all' AS dimension, '' AS value, view, \(d.divide("time_ms", "\(h)")) AS bucket FROM sc_calls WHERE time_ms IS NOT NULL
                  UNION ALL SELECT api, 'ip', source_ip, view, \(d.divide("time_ms", "\(h)")) FROM sc_calls WHERE time_ms IS NOT NULL AND source_ip IS NOT NULL
                  UNION ALL SELECT api, 'principal', principal, view, \(d.divide("time_ms", "\(h)")) FROM sc_calls WHERE time_ms IS NOT NULL AND principal IS NOT NULL
                ) AS k CROSS JOIN sc_clock c
            )
            """)
        defs.append("""
            sc_sums AS (
              SELECT api, dimension, value, period, sum(CASE WHEN view = 'api' THEN 1 ELSE 0 END) AS api_n,
                  sum(CASE WHEN view = 'web' THEN 1 ELSE 0 END) AS web_n, sum(CASE WHEN view = 'app' THEN 1 ELSE 0 END) AS app_n
                FROM sc_keyed WHERE period IS NOT NULL GROUP BY api, dimension, value, period
            )
            """)
        // The baseline's calls scaled to the window's length: window hours over baseline hours.
        defs.append("""
            sc_scale AS (
              SELECT CASE WHEN first_detection - first_baseline > 0
                  THEN CAST(end_bucket - first_detection + 1 AS DOUBLE) / (first_detection - first_baseline) ELSE 0.0 END AS scale
                FROM sc_clock
            )
            """)
        defs.append("""
            sc_sources AS (
              SELECT n.api, n.dimension, n.value, (n.api_n + greatest(n.web_n, n.app_n)) AS calls,
                  CAST(coalesce(b.api_n + greatest(b.web_n, b.app_n), 0) AS DOUBLE) * s.scale AS expected
                FROM sc_sums n CROSS JOIN sc_scale s
                LEFT JOIN sc_sums b ON b.api = n.api AND b.dimension = n.dimension AND b.value = n.value AND b.period = 'baseline'
                WHERE n.period = 'detection' AND n.dimension <> 'all'
            )
            """)
        defs.append("""
            sc_top AS (
              SELECT * FROM (
                SELECT *, row_number() OVER (PARTITION BY api, dimension ORDER BY calls DESC, value) AS source_rank
                  FROM sc_sources WHERE calls >= \(minSourceCalls) AND CAST(calls AS DOUBLE) >= \(baselineFactor) * expected
              ) AS r WHERE source_rank <= \(topK)
            )
            """)
        defs.append("""
            sc_chosen AS (
              SELECT t.api, t.dimension, sum(t.calls) AS calls, CAST(sum(t.calls) AS DOUBLE) / max(a.all_calls) AS share, sum(t.expected) AS expected,
                  \(d.orderedList("t.value", by: "t.source_rank")) AS sources_list
                FROM sc_top t JOIN (SELECT api, \(total) AS all_calls FROM sc_sums WHERE dimension = 'all' AND period = 'detection') AS a ON a.api = t.api
                WHERE a.all_calls >= \(minCalls)
                GROUP BY t.api, t.dimension
                HAVING CAST(sum(t.calls) AS DOUBLE) / max(a.all_calls) >= \(minShare)
            )
            """)
        defs.append("""
            sc_apis AS (
              SELECT a.api, a.all_calls, pr.sources_list AS principals, ip.sources_list AS addresses,
                  CASE WHEN pr.api IS NOT NULL THEN 'principal' ELSE 'ip' END AS lead_dimension,
                  coalesce(pr.calls, ip.calls) AS calls, coalesce(pr.share, ip.share) AS share, coalesce(pr.expected, ip.expected) AS expected
                FROM (SELECT api, \(total) AS all_calls FROM sc_sums WHERE dimension = 'all' AND period = 'detection') AS a
                LEFT JOIN sc_chosen pr ON pr.api = a.api AND pr.dimension = 'principal'
                LEFT JOIN sc_chosen ip ON ip.api = a.api AND ip.dimension = 'ip'
                WHERE pr.api IS NOT NULL OR ip.api IS NOT NULL
            )
            """)
        defs.append("""
            sc_found AS (
              SELECT x.*, min(k.bucket) * \(h) AS first_ms, max(k.bucket) * \(h) + \(h - 1) AS last_ms
                FROM sc_apis x
                JOIN sc_top t ON t.api = x.api AND t.dimension = x.lead_dimension
                JOIN sc_keyed k ON k.api = t.api AND k.dimension = t.dimension AND k.value = t.value AND k.period = 'detection'
                GROUP BY x.api, x.all_calls, x.principals, x.addresses, x.lead_dimension, x.calls, x.share, x.expected
            )
            """)
        let entities = "CASE WHEN principals IS NOT NULL AND addresses IS NOT NULL THEN \(d.jsonObject([("api", "api"), ("principal", "principals"), ("source.ip", "addresses")]))"
            + " WHEN principals IS NOT NULL THEN \(d.jsonObject([("api", "api"), ("principal", "principals")]))"
            + " ELSE \(d.jsonObject([("api", "api"), ("source.ip", "addresses")])) END"
        let leadNames = d.isSpark
            ? "array_join(CASE WHEN lead_dimension = 'principal' THEN principals ELSE addresses END, ', ')"
            : "array_to_string(CASE WHEN lead_dimension = 'principal' THEN principals ELSE addresses END, ', ')"
        let summary = "\(leadNames) || ' made ' || \(d.text("calls")) || ' of ' || \(d.text("all_calls")) || ' ' || api || ' calls (' || \(d.text("CAST(round(share * 100) AS BIGINT)")) || '%) in the detection window, against ' || \(d.text("round(expected, 1)")) || ' expected from the baseline'"
        let select = row.select(
            from: "sc_found", firstSeen: "first_ms", lastSeen: "last_ms", count: "calls",
            severity: row.severity(raisedWhen: "share >= 0.9"), summary: summary,
            entitiesObject: entities,
            evidence: [
                ("calls", "all_calls"), ("top_share", "round(share, 3)"), ("top_k", "\(topK)"), ("min_share", "\(minShare)"),
                ("baseline_factor", "\(baselineFactor)"), ("expected", "round(expected, 1)"),
            ])
        return FindingRowSQL.query(defs, select, comment: "\(rule.id): \(rule.title) (\(d.target.displayName), built-in detector \(detectorName))")
    }
}
