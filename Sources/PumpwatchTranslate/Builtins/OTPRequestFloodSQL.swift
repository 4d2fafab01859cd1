import PumpwatchDetect

/// The SQL form of `otp-request-flood`: one client making `threshold` or more of Cognito's
/// code-sending calls within `window`.
///
/// Calls are CloudTrail records from `cognito-idp.amazonaws.com` whose `eventName` is one of
/// `actions`, keyed by `sourceIPAddress` (else the caller's ARN, else `unknown`) and counted in
/// burst windows as the detector counts them; calls failing with one of `throttle_codes` count as
/// throttled.
public enum OTPRequestFloodSQL: BuiltinSQLForm {
    public static let detectorName = "otp-request-flood"

    static let defaultActions = [
        "ForgotPassword", "SignUp", "ResendConfirmationCode", "InitiateAuth", "GetUserAttributeVerificationCode",
        "AdminCreateUser", "AdminResetUserPassword",
    ]

    public static func query(rule: Rule, dialect d: BuiltinSQLDialect) throws(TranslationError) -> String {
        let p = FormParameters(rule: rule, target: d.target)
        let threshold = try p.int("threshold", default: 10)
        let window = try p.duration("window", default: 300_000)
        let actions = try p.strings("actions", default: defaultActions)
        let throttleCodes = try p.strings("throttle_codes", default: ["LimitExceededException", "TooManyRequestsException", "ThrottlingException"])
        _ = try p.int("max_tracked", default: 2_000_000)
        try p.require(threshold >= 2, "threshold", "must be at least 2, found \(threshold)")
        try p.require(window >= 1000, "window", "must be at least 1s")
        try p.require(!actions.isEmpty, "actions", "name at least one Cognito action")
        let row = FindingRowSQL(rule: rule, dialect: d)
        let f = { (path: String) in d.field(path) }
        let list = { (items: [String]) in items.map(d.string).joined(separator: ", ") }
        let throttled = throttleCodes.isEmpty ? "0" : "CASE WHEN \(f("errorCode")) IN (\(list(throttleCodes))) THEN 1 ELSE 0 END"

        var defs = [
            """
            of_calls AS (
              SELECT coalesce(\(f("sourceIPAddress")), \(f("userIdentity.arn")), 'unknown') AS burst_key,
                  \(d.isoMillis(f("eventTime"))) AS time_ms, \(throttled) AS throttled, \(f("eventName")) AS action
                FROM cloudtrail
                WHERE \(f("eventSource")) = 'cognito-idp.amazonaws.com' AND \(f("eventName")) IN (\(list(actions)))
                  AND \(d.isoMillis(f("eventTime"))) IS NOT NULL
            )
            """,
        ]
        let bursts = BurstWindowsSQL(
            name: "of", source: "of_calls", aggregates: "count(*) AS calls, sum(throttled) AS failed",
            columns: ["calls", "failed"], total: { "\($0)calls" }, window: window, threshold: threshold)
        defs += bursts.definitions(d)
        defs.append("""
            of_actions AS (
              SELECT burst_key, \(d.joined("action || ' (' || \(d.text("n")) || ')'", by: "rank_in_key", separator: ", ")) AS actions,
                  min(CASE WHEN rank_in_key = 1 THEN action END) AS top_action
                FROM (SELECT burst_key, action, n, row_number() OVER (PARTITION BY burst_key ORDER BY n DESC, action) AS rank_in_key
                        FROM (SELECT burst_key, action, count(*) AS n FROM of_calls GROUP BY burst_key, action) AS a) AS r
                WHERE rank_in_key <= 10 GROUP BY burst_key
            )
            """)
        defs.append("""
            of_result AS (
              SELECT f.*, a.actions, a.top_action, CASE WHEN f.calls > 0 THEN CAST(f.failed AS DOUBLE) / f.calls ELSE 0.0 END AS throttled_share
                FROM of_found f LEFT JOIN of_actions a ON a.burst_key = f.burst_key
            )
            """)
        let severity = row.severity(raisedWhen: "peak >= \(threshold * 5) OR (calls - failed >= \(threshold) AND throttled_share < 0.5)")
        let windowText = RepeatedDestinationSQL.durationText(window)
        let summary = "burst_key || ' made ' || \(d.text("peak")) || ' Cognito ' || coalesce(top_action, 'code-sending') || ' calls within one \(windowText) window (threshold \(threshold)); '"
            + " || \(d.text("failed")) || ' of ' || \(d.text("calls")) || ' throttled'"
            + " || CASE WHEN bursts > 1 THEN ' over ' || \(d.text("bursts")) || ' bursts' ELSE '' END"
        let select = row.select(
            from: "of_result", firstSeen: "first_ms", lastSeen: "last_ms", count: "calls", severity: severity, summary: summary,
            entities: [("source.ip", "burst_key")],
            evidence: [
                ("peak_requests", "peak"), ("peak_first", d.isoText("peak_first")), ("peak_last", d.isoText("peak_last")),
                ("threshold", "\(threshold)"), ("window", d.string(windowText)), ("requests_in_bursts", "calls"),
                ("throttled", "failed"), ("throttled_share", "round(throttled_share, 3)"), ("bursts", "bursts"), ("actions", "actions"),
            ])
        return FindingRowSQL.query(defs, select, comment: "\(rule.id): \(rule.title) (\(d.target.displayName), built-in detector \(detectorName))")
    }
}
