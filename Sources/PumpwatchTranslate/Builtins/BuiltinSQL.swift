import PumpwatchDetect

/// The SQL forms of the built-in detectors, for DuckDB and Spark SQL.
///
/// ```swift
/// if let reason = BuiltinSQL.refusal(for: rule) { print(reason) }
/// else { let sql = try BuiltinSQL.query(for: rule, target: .spark) }
/// ```
///
/// ## Input tables
///
/// Each query reads raw tables with one row per record and the record's JSON text in the column
/// `json` (DuckDB, as `read_ndjson_objects` gives it) or `value` (Spark, as `spark.read.text`
/// gives it): `cloudtrail` (CloudTrail records, not `{"Records": [...]}` files), `twilio_messages`
/// (Twilio Message resources, not list pages), `twilio_events` (Event Streams CloudEvents, not
/// batches), `sns_delivery` (SNS SMS delivery status records, unwrapped from CloudWatch Logs
/// subscription documents), `web_access` (access log lines in the combined format, as text) and
/// `app_requests` (Application Insights `AppRequests` rows). Which tables a query reads:
///
/// | detector | tables |
/// |---|---|
/// | repeated-destination, sequential-block, high-risk-destination, new-destination-country | cloudtrail, twilio_messages, twilio_events, sns_delivery |
/// | otp-request-flood | cloudtrail |
/// | otp-endpoint-flood | web_access, app_requests |
/// | source-concentration | cloudtrail, web_access, app_requests |
/// | conversion-collapse | cloudtrail, twilio_events, web_access, app_requests |
///
/// A table with no records must still exist (an empty relation with the record column). Run the
/// queries with the session time zone UTC. Generic NDJSON exports (ECS field names) are not read.
///
/// ## Result columns
///
/// Every query returns the same columns, one row per finding, ordered by `first_seen` then `summary`:
///
/// | column | type | meaning |
/// |---|---|---|
/// | `rule_id` | text | the rule's id |
/// | `first_seen`, `last_seen` | BIGINT | epoch milliseconds |
/// | `event_count` | BIGINT | the finding's count (distinct texts, requests, ...) |
/// | `severity` | text | `low`, `medium`, `high` or `critical` |
/// | `risk_score` | INT | 0–100 |
/// | `summary` | text | one line for people |
/// | `entities` | text | a JSON object: the finding's entities with the keys the Swift detector uses; values are strings, or arrays of strings where the detector gives a list |
/// | `evidence` | text | a JSON object of evidence: numbers, texts, ISO 8601 dates and lists |
///
/// The entities and event counts equal those of `pumpwatch hunt` over the same records when the
/// detection window ends at the data's last event (no `--now`) and the detectors' memory bounds
/// (`max_tracked`, `dedupe_capacity`) are not reached; summaries and evidence say the same things
/// with less detail (no sample lists, callers listed in full). Event Streams status events of one
/// message count once, as the earliest of them.
public enum BuiltinSQL {
    /// The detectors with an SQL form.
    static let forms: [any BuiltinSQLForm.Type] = [
        RepeatedDestinationSQL.self,
        SequentialBlockSQL.self,
        HighRiskDestinationSQL.self,
        NewDestinationCountrySQL.self,
        OTPRequestFloodSQL.self,
        OTPEndpointFloodSQL.self,
        SourceConcentrationSQL.self,
        ConversionCollapseSQL.self,
    ]

    /// Why detectors without an SQL form have none.
    static let reasons: [String: String] = [
        "new-sms-caller": "the addresses and clients it ties to a new principal, and its source.ip entity, come from samples bounded by max_samples (the most recent per caller), which a query over every call does not reproduce once a caller has more than max_samples addresses",
        "sns-caller-destination": "no SQL form yet: it needs the Publish-to-delivery join by message id with the per-caller high-risk, number-block and repeat tests, and the detector's max_pending bound on unmatched message ids (oldest dropped, so file order matters) has no SQL counterpart",
        "spend-spike": "no SQL form yet: it needs the CloudWatch metric export (parallel Timestamps and Values arrays) as a table of month-to-date increments, and the baseline's median window spend and 95th-percentile hour as pumpwatch's Statistics.median and Statistics.percentile compute them",
        "falcon-host-baseline": "no SQL form yet: it needs each host's hourly baseline percentile over Falcon DnsRequest and NetworkConnectIP4 events as pumpwatch's Statistics.percentile interpolates it",
    ]

    /// The baseline and detection window of `pumpwatch hunt` without `--baseline` and `--detection-window` (7d, 1d).
    static let defaultContext = DetectionContext(nowMillis: 0)

    /// The query for a built-in rule on `target` (`.duckdb` or `.spark`), judging the default
    /// periods (a 1-day detection window after a 7-day baseline); throws `TranslationError`.
    public static func query(for rule: Rule, target: TranslationTarget) throws -> String {
        try query(for: rule, target: target, context: defaultContext)
    }

    /// The query with the baseline and detection-window lengths of `context` (its `now` is not
    /// used: the detection window ends at the data's last event).
    public static func query(for rule: Rule, target: TranslationTarget, context: DetectionContext) throws -> String {
        let dialect = try BuiltinSQLDialect(target: target)
        if let reason = refusal(for: rule) {
            throw TranslationError("built-in detector \(rule.detector ?? "?")", to: target, reason)
        }
        let form = forms.first { $0.detectorName == rule.detector }!
        return try form.query(rule: rule, dialect: dialect, context: context)
    }

    /// The raw tables the rule's query reads (empty when it has no SQL form).
    public static func tables(for rule: Rule) -> [String] {
        guard refusal(for: rule) == nil else { return [] }
        switch rule.detector {
        case OTPRequestFloodSQL.detectorName: return ["cloudtrail"]
        case OTPEndpointFloodSQL.detectorName: return EndpointRequestsSQL.tables
        case SourceConcentrationSQL.detectorName: return ["cloudtrail"] + EndpointRequestsSQL.tables
        case ConversionCollapseSQL.detectorName: return ["cloudtrail", "twilio_events"] + EndpointRequestsSQL.tables
        default: return OutboundMessagesSQL.tables
        }
    }

    /// Why a rule has no SQL form, or `nil` when it has one.
    public static func refusal(for rule: Rule) -> String? {
        guard rule.language == .builtin else { return "not a built-in detector: translate its query instead" }
        guard let name = rule.detector else { return "the rule names no detector" }
        if forms.contains(where: { $0.detectorName == name }) { return nil }
        return reasons[name] ?? "the detector \(name) has no SQL form"
    }
}
