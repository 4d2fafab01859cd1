import PumpwatchDetect

/// The SQL form of `conversion-collapse`: codes sent but no longer verified, per flow, against the
/// flow's baseline share.
///
/// Flows: `twilio-verify` (Verify `verification.pending` against `verification.approved`),
/// `cognito-signup` (`SignUp`, `ResendConfirmationCode` against `ConfirmSignUp`),
/// `cognito-forgot-password` (`ForgotPassword` not by email against `ConfirmForgotPassword`) and
/// `app-otp` (successful requests to `send_paths` against `verify_paths`; of the web access log
/// and Application Insights the larger count). Sent and verified codes are counted per hour; a
/// flow fires when the detection window, or one of its hours, sent `min_sent` codes and verified a
/// share below `relative_threshold` times the baseline's and below `max_ratio`.
public enum ConversionCollapseSQL: BuiltinSQLForm {
    public static let detectorName = "conversion-collapse"

    static let defaultSendPaths = ["/send-otp", "/otp/send", "/send-code", "/resend-otp", "/verify/start", "/sms/send"]
    static let defaultVerifyPaths = ["/verify-otp", "/otp/verify", "/verify-code", "/verify/check", "/confirm-otp", "/otp/check"]

    public static func query(rule: Rule, dialect d: BuiltinSQLDialect) throws(TranslationError) -> String {
        try query(rule: rule, dialect: d, context: BuiltinSQL.defaultContext)
    }

    public static func query(rule: Rule, dialect d: BuiltinSQLDialect, context: DetectionContext) throws(TranslationError) -> String {
        let p = FormParameters(rule: rule, target: d.target)
        let minSent = try p.int("min_sent", default: 20)
        let minBaselineSent = try p.int("min_baseline_sent", default: 20)
        let relativeThreshold = try p.double("relative_threshold", default: 0.3)
        let maxRatio = try p.double("max_ratio", default: 0.5)
        let sendPaths = try p.strings("send_paths", default: defaultSendPaths).map { $0.lowercased() }
        let verifyPaths = try p.strings("verify_paths", default: defaultVerifyPaths).map { $0.lowercased() }
        try p.require(minSent >= 1, "min_sent", "must be at least 1")
        try p.require(minBaselineSent >= 1, "min_baseline_sent", "must be at least 1")
        try p.require(relativeThreshold > 0 && relativeThreshold <= 1, "relative_threshold", "must be above 0 and at most 1, found \(relativeThreshold)")
        try p.require(maxRatio > 0 && maxRatio <= 1, "max_ratio", "must be above 0 and at most 1, found \(maxRatio)")
        try p.require(!sendPaths.isEmpty && !sendPaths.contains(""), "send_paths", "name at least one non-empty path fragment")
        try p.require(!verifyPaths.isEmpty && !verifyPaths.contains(""), "verify_paths", "name at least one non-empty path fragment")
        let row = FindingRowSQL(rule: rule, dialect: d)
        let f = { (path: String) in d.field(path) }
        let h = DetectionClockSQL.hour
        let matches = { (list: [String]) in "(" + list.map { "instr(lower(path), \(d.string($0))) > 0" }.joined(separator: " OR ") + ")" }
        let eventTime = d.dateMillis("coalesce(\(f("data.timestamp")), \(f("time")), \(f("data.dateCreated")))")
        let action = f("eventName")
        func sent(_ x: String) -> String { "(\(x)sent_api + greatest(\(x)sent_web, \(x)sent_app))" }
        func verified(_ x: String) -> String { "(\(x)verified_api + greatest(\(x)verified_web, \(x)verified_app))" }
        func ratio(_ x: String) -> String { "CASE WHEN \(sent(x)) > 0 THEN least(1.0, CAST(\(verified(x)) AS DOUBLE) / \(sent(x))) ELSE 0.0 END" }
        let columns = ["sent_api", "sent_web", "sent_app", "verified_api", "verified_web", "verified_app"]
        let tally = columns.map { c -> String in
            let parts = c.split(separator: "_")
            return "sum(CASE WHEN sent = \(parts[0] == "sent" ? 1 : 0) AND view = '\(parts[1])' THEN 1 ELSE 0 END) AS \(c)"
        }.joined(separator: ", ")

        var defs = EndpointRequestsSQL.definitions(d)
        defs.append("""
            cc_times AS (
              SELECT \(d.isoMillis(f("eventTime"))) AS time_ms FROM cloudtrail
              UNION ALL SELECT \(eventTime) FROM twilio_events
              UNION ALL SELECT time_ms FROM endpoint_requests
            )
            """)
        defs.append(DetectionClockSQL.definition("cc_clock", times: "cc_times", context: context, d))
        defs.append("""
            cc_steps AS (
              SELECT 'twilio-verify' AS flow, CASE WHEN \(f("type")) LIKE '%.pending' THEN 1 ELSE 0 END AS sent, 'api' AS view, \(eventTime) AS time_ms
                FROM twilio_events
                WHERE \(f("type")) IN ('com.twilio.accountsecurity.verify.verification.pending', 'com.twilio.accountsecurity.verify.verification.approved')
              UNION ALL
              SELECT CASE WHEN \(action) IN ('SignUp', 'ResendConfirmationCode', 'ConfirmSignUp') THEN 'cognito-signup' ELSE 'cognito-forgot-password' END,
                  CASE WHEN \(action) IN ('SignUp', 'ResendConfirmationCode', 'ForgotPassword') THEN 1 ELSE 0 END, 'api', \(d.isoMillis(f("eventTime")))
                FROM cloudtrail
                WHERE \(f("eventSource")) = 'cognito-idp.amazonaws.com' AND \(f("errorCode")) IS NULL AND \(f("errorMessage")) IS NULL
                  AND (\(action) IN ('SignUp', 'ResendConfirmationCode', 'ConfirmSignUp', 'ConfirmForgotPassword')
                    OR (\(action) = 'ForgotPassword' AND coalesce(\(f("responseElements.codeDeliveryDetails.deliveryMedium")), '') <> 'EMAIL'))
              UNION ALL
              SELECT 'app-otp', CASE WHEN \(matches(verifyPaths)) THEN 0 ELSE 1 END, CASE WHEN view = 'web-access' THEN 'web' ELSE 'app' END, time_ms
                FROM endpoint_requests
                WHERE path IS NOT NULL AND status BETWEEN 200 AND 299 AND (\(matches(verifyPaths)) OR \(matches(sendPaths)))
            )
            """)
        defs.append("""
            cc_hours AS (
              SELECT s.flow, s.bucket, \(tally),
                  CASE WHEN s.bucket BETWEEN c.first_detection AND c.end_bucket THEN 'detection'
                       WHEN s.bucket BETWEEN c.first_baseline AND c.first_detection - 1 THEN 'baseline' END AS period
                FROM (SELECT flow, sent, view, \(d.divide("time_ms", "\(h)")) AS bucket FROM cc_steps WHERE time_ms IS NOT NULL) AS s CROSS JOIN cc_clock c
                GROUP BY s.flow, s.bucket, c.first_detection, c.end_bucket, c.first_baseline
            )
            """)
        let sums = { (prefix: String) in columns.map { "sum(\($0)) AS \(prefix)\($0)" }.joined(separator: ", ") }
        defs.append("""
            cc_flows AS (
              SELECT b.flow, \(columns.map { "b.\($0) AS b_\($0)" }.joined(separator: ", ")), \(columns.map { "coalesce(n.\($0), 0) AS \($0)" }.joined(separator: ", "))
                FROM (SELECT flow, \(sums("")) FROM cc_hours WHERE period = 'baseline' GROUP BY flow) AS b
                LEFT JOIN (SELECT flow, \(sums("")) FROM cc_hours WHERE period = 'detection' GROUP BY flow) AS n ON n.flow = b.flow
            )
            """)
        defs.append("""
            cc_limits AS (
              SELECT *, \(sent("")) AS sent, \(verified("")) AS verified, \(ratio("")) AS ratio,
                  \(sent("b_")) AS base_sent, \(verified("b_")) AS base_verified, \(ratio("b_")) AS base_ratio,
                  least(\(maxRatio), \(relativeThreshold) * \(ratio("b_"))) AS threshold_ratio
                FROM cc_flows
                WHERE \(sent("b_")) >= \(minBaselineSent) AND \(verified("b_")) > 0
            )
            """)
        defs.append("""
            cc_hour_ratios AS (
              SELECT l.flow, x.bucket, \(sent("x.")) AS hour_sent, \(ratio("x.")) AS hour_ratio, l.threshold_ratio
                FROM cc_hours x JOIN cc_limits l ON l.flow = x.flow WHERE x.period = 'detection'
            )
            """)
        defs.append("""
            cc_hour_stats AS (
              SELECT flow, min(CASE WHEN hour_sent > 0 THEN bucket END) AS first_bucket, max(CASE WHEN hour_sent > 0 THEN bucket END) AS last_bucket,
                  sum(CASE WHEN hour_sent >= \(minSent) AND hour_ratio < threshold_ratio THEN 1 ELSE 0 END) AS collapsed_hours,
                  sum(CASE WHEN hour_sent >= 3 AND hour_ratio < threshold_ratio THEN 1 ELSE 0 END) AS hours_below_threshold
                FROM cc_hour_ratios GROUP BY flow
            )
            """)
        defs.append("""
            cc_found AS (
              SELECT l.*, s.first_bucket * \(h) AS first_ms, s.last_bucket * \(h) + \(h - 1) AS last_ms, s.hours_below_threshold
                FROM cc_limits l JOIN cc_hour_stats s ON s.flow = l.flow
                WHERE (l.sent >= \(minSent) AND l.ratio < l.threshold_ratio) OR s.collapsed_hours > 0
            )
            """)
        let severity = row.severity(raisedWhen: "ratio < threshold_ratio / 3 AND sent >= \(minSent * 5)")
        let summary = "flow || ': ' || \(d.text("verified")) || ' of ' || \(d.text("sent")) || ' codes verified (' || \(d.text("CAST(round(ratio * 100) AS BIGINT)")) || '%) in the detection window against '"
            + " || \(d.text("CAST(round(base_ratio * 100) AS BIGINT)")) || '% of ' || \(d.text("base_sent")) || ' in the baseline'"
        let select = row.select(
            from: "cc_found", firstSeen: "first_ms", lastSeen: "last_ms", count: "sent", severity: severity, summary: summary,
            entities: [("flow", "flow")],
            evidence: [
                ("sent", "sent"), ("verified", "verified"), ("ratio", "round(ratio, 3)"), ("baseline_sent", "base_sent"),
                ("baseline_verified", "base_verified"), ("baseline_ratio", "round(base_ratio, 3)"),
                ("threshold_ratio", "round(threshold_ratio, 3)"), ("relative_threshold", "\(relativeThreshold)"), ("max_ratio", "\(maxRatio)"),
                ("min_sent", "\(minSent)"), ("unverified", "greatest(0, sent - verified)"), ("hours_below_threshold", "hours_below_threshold"),
            ])
        return FindingRowSQL.query(defs, select, comment: "\(rule.id): \(rule.title) (\(d.target.displayName), built-in detector \(detectorName))")
    }
}
