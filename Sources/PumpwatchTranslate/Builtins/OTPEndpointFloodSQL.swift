import PumpwatchDetect

/// The SQL form of `otp-endpoint-flood`: one client making `threshold` or more requests to
/// code-sending web or app paths within `window`.
///
/// Requests whose path contains one of `paths` (case-insensitive) are counted per client address
/// in burst windows; the access log and Application Insights usually both record a request, so a
/// window's total is the larger of the two logs' counts, as the detector's `CallTally` has it.
public enum OTPEndpointFloodSQL: BuiltinSQLForm {
    public static let detectorName = "otp-endpoint-flood"

    static let defaultPaths = ["/send-otp", "/verify", "/otp", "/sms", "/forgot-password", "/resend", "/send-code", "/2fa", "/mfa"]

    public static func query(rule: Rule, dialect d: BuiltinSQLDialect) throws(TranslationError) -> String {
        let p = FormParameters(rule: rule, target: d.target)
        let threshold = try p.int("threshold", default: 20)
        let window = try p.duration("window", default: 300_000)
        let paths = try p.strings("paths", default: defaultPaths).map { $0.lowercased() }
        _ = try p.int("max_tracked", default: 2_000_000)
        try p.require(threshold >= 2, "threshold", "must be at least 2, found \(threshold)")
        try p.require(window >= 1000, "window", "must be at least 1s")
        try p.require(!paths.isEmpty && !paths.contains(""), "paths", "name at least one non-empty path fragment")
        let row = FindingRowSQL(rule: rule, dialect: d)
        let matches = paths.map { "instr(lower(path), \(d.string($0))) > 0" }.joined(separator: " OR ")

        var defs = EndpointRequestsSQL.definitions(d)
        defs.append("""
            ef_requests AS (
              SELECT source_ip AS burst_key, time_ms, view, status, path FROM endpoint_requests
                WHERE time_ms IS NOT NULL AND source_ip IS NOT NULL AND path IS NOT NULL AND (\(matches))
            )
            """)
        let aggregates = "sum(CASE WHEN view = 'web-access' THEN 1 ELSE 0 END) AS web, sum(CASE WHEN view = 'app-requests' THEN 1 ELSE 0 END) AS app, "
            + "sum(CASE WHEN view = 'web-access' AND status = 429 THEN 1 ELSE 0 END) AS web_limited, "
            + "sum(CASE WHEN view = 'app-requests' AND status = 429 THEN 1 ELSE 0 END) AS app_limited"
        let bursts = BurstWindowsSQL(
            name: "ef", source: "ef_requests", aggregates: aggregates, columns: ["web", "app", "web_limited", "app_limited"],
            total: { "greatest(\($0)web, \($0)app)" }, window: window, threshold: threshold)
        defs += bursts.definitions(d)
        defs.append("""
            ef_paths AS (
              SELECT burst_key, \(d.joined("path || ' (' || \(d.text("n")) || ')'", by: "rank_in_key", separator: ", ")) AS paths
                FROM (SELECT burst_key, path, n, row_number() OVER (PARTITION BY burst_key ORDER BY n DESC, path) AS rank_in_key
                        FROM (SELECT burst_key, path, count(*) AS n FROM ef_requests GROUP BY burst_key, path) AS a) AS r
                WHERE rank_in_key <= 10 GROUP BY burst_key
            )
            """)
        defs.append("""
            ef_result AS (
              SELECT f.*, greatest(f.web, f.app) AS requests, CASE WHEN f.web >= f.app THEN f.web_limited ELSE f.app_limited END AS limited, x.paths
                FROM ef_found f LEFT JOIN ef_paths x ON x.burst_key = f.burst_key
            )
            """)
        let severity = row.severity(raisedWhen: "peak >= \(threshold * 5) OR (requests - limited >= \(threshold) AND limited * 2 < requests)")
        let windowText = RepeatedDestinationSQL.durationText(window)
        let summary = "burst_key || ' made ' || \(d.text("peak")) || ' requests to code-sending paths within one \(windowText) window (threshold \(threshold)); '"
            + " || \(d.text("limited")) || ' of ' || \(d.text("requests")) || ' answered 429'"
            + " || CASE WHEN bursts > 1 THEN ' over ' || \(d.text("bursts")) || ' bursts' ELSE '' END"
        let select = row.select(
            from: "ef_result", firstSeen: "first_ms", lastSeen: "last_ms", count: "requests", severity: severity, summary: summary,
            entities: [("source.ip", "burst_key")],
            evidence: [
                ("peak_requests", "peak"), ("peak_first", d.isoText("peak_first")), ("peak_last", d.isoText("peak_last")),
                ("threshold", "\(threshold)"), ("window", d.string(windowText)), ("requests_in_bursts", "requests"),
                ("rate_limited", "limited"), ("bursts", "bursts"), ("paths", "paths"),
            ])
        return FindingRowSQL.query(defs, select, comment: "\(rule.id): \(rule.title) (\(d.target.displayName), built-in detector \(detectorName))")
    }
}
