import PumpwatchDetect

/// The SQL relation `outbound_messages`: one row per outbound text the raw logs show, read from
/// the raw records the way pumpwatch's readers, normalizers and `OutboundMessage` read them.
///
/// Raw tables (one row per record, the record's JSON text in `json` on DuckDB and `value` on Spark):
/// - `cloudtrail`: CloudTrail records. SNS `Publish` with `requestParameters.phoneNumber`, and
///   Cognito calls whose `responseElements.codeDeliveryDetails` show an SMS to a visible number;
///   calls with `errorCode` or `errorMessage` are left out.
/// - `twilio_messages`: Twilio Message resources (one per row, not list pages); inbound ones are left out.
/// - `twilio_events`: Twilio Event Streams CloudEvents: message status events (one text per
///   message sid, its earliest event) and Verify `verification.pending` events.
/// - `sns_delivery`: SNS SMS delivery status records (the delivery JSON, one per row).
///
/// Columns: `time_ms` (BIGINT epoch ms), `view` (`twilio-messages`, `twilio-events`,
/// `twilio-verify`, `cloudtrail`, `sns-delivery`), `destination` (as written), `digits` (E.164
/// digits without `+` when the destination parses, else NULL), `message_id`, `price` (absolute
/// USD), `status` (lowercase), `mcc`, `mnc`, `caller_arn`, `source_ip`, `user_agent`.
enum OutboundMessagesSQL {
    /// The raw tables the relation reads.
    static let tables = ["cloudtrail", "twilio_messages", "twilio_events", "sns_delivery"]

    /// The common table expressions that define `outbound_messages` (without `WITH`).
    static func definitions(_ d: BuiltinSQLDialect) -> [String] {
        let f = { (path: String) in d.field(path) }
        let columns = "time_ms, view, destination, message_id, price, status, mcc, mnc, caller_arn, source_ip, user_agent"

        let twilioMessages = """
            SELECT \(d.dateMillis("coalesce(\(f("date_created")), \(f("date_sent")), \(f("date_updated")))")) AS time_ms,
                'twilio-messages' AS view, \(f("to")) AS destination, \(f("sid")) AS message_id,
                abs(\(d.double(f("price")))) AS price, lower(\(f("status"))) AS status,
                CAST(NULL AS \(d.textType)) AS mcc, CAST(NULL AS \(d.textType)) AS mnc, CAST(NULL AS \(d.textType)) AS caller_arn,
                CAST(NULL AS \(d.textType)) AS source_ip, CAST(NULL AS \(d.textType)) AS user_agent
              FROM twilio_messages
              WHERE (\(f("sid")) IS NOT NULL OR \(f("to")) IS NOT NULL)
                AND coalesce(\(f("direction")), '') NOT LIKE 'inbound%'
            """

        let eventType = f("type")
        let eventTime = d.dateMillis("coalesce(\(f("data.timestamp")), \(f("time")), \(f("data.dateCreated")))")
        let eventStatus = "lower(coalesce(\(f("data.messageStatus")), \(f("data.status")), \(d.replaceAll(eventType, "^.*[.]", ""))))"
        let twilioEventRows = """
            SELECT \(eventTime) AS time_ms,
                CASE WHEN \(eventType) LIKE 'com.twilio.messaging.message.%' THEN 'twilio-events' ELSE 'twilio-verify' END AS view,
                \(f("data.to")) AS destination,
                CASE WHEN \(eventType) LIKE 'com.twilio.messaging.message.%' THEN coalesce(\(f("data.messageSid")), \(f("data.sid"))) END AS message_id,
                abs(\(d.double(f("data.price")))) AS price, \(eventStatus) AS status,
                \(f("data.mcc")) AS mcc, \(f("data.mnc")) AS mnc, CAST(NULL AS \(d.textType)) AS caller_arn,
                CAST(NULL AS \(d.textType)) AS source_ip, CAST(NULL AS \(d.textType)) AS user_agent
              FROM twilio_events
              WHERE \(eventType) LIKE 'com.twilio.messaging.message.%' OR \(eventType) = 'com.twilio.accountsecurity.verify.verification.pending'
            """
        // One text per message sid: Event Streams reports a message once per status.
        let twilioEvents = """
            SELECT \(columns) FROM (
                SELECT *, row_number() OVER (PARTITION BY view, coalesce(message_id, '') ORDER BY time_ms, status) AS nth
                  FROM twilio_event_texts WHERE time_ms IS NOT NULL
              ) AS ranked
              WHERE view = 'twilio-verify' OR message_id IS NULL OR nth = 1
            """

        let snsDelivery = """
            SELECT \(d.isoMillis(f("notification.timestamp"))) AS time_ms, 'sns-delivery' AS view,
                \(f("delivery.destination")) AS destination, \(f("notification.messageId")) AS message_id,
                abs(\(d.double(f("delivery.priceInUSD")))) AS price, lower(\(f("status"))) AS status,
                \(f("delivery.mcc")) AS mcc, \(f("delivery.mnc")) AS mnc, CAST(NULL AS \(d.textType)) AS caller_arn,
                CAST(NULL AS \(d.textType)) AS source_ip, CAST(NULL AS \(d.textType)) AS user_agent
              FROM sns_delivery
              WHERE \(f("notification")) IS NOT NULL OR \(f("delivery")) IS NOT NULL
            """

        let cognitoDestination = f("responseElements.codeDeliveryDetails.destination")
        let cloudTrail = """
            SELECT \(d.isoMillis(f("eventTime"))) AS time_ms, 'cloudtrail' AS view,
                CASE WHEN \(f("eventSource")) = 'sns.amazonaws.com' THEN \(f("requestParameters.phoneNumber")) ELSE \(cognitoDestination) END AS destination,
                CASE WHEN \(f("eventSource")) = 'sns.amazonaws.com' THEN \(f("responseElements.messageId")) END AS message_id,
                CAST(NULL AS DOUBLE) AS price, CAST(NULL AS \(d.textType)) AS status,
                CAST(NULL AS \(d.textType)) AS mcc, CAST(NULL AS \(d.textType)) AS mnc,
                \(f("userIdentity.arn")) AS caller_arn, \(f("sourceIPAddress")) AS source_ip, \(f("userAgent")) AS user_agent
              FROM cloudtrail
              WHERE \(f("errorCode")) IS NULL AND \(f("errorMessage")) IS NULL
                AND ((\(f("eventSource")) = 'sns.amazonaws.com' AND \(f("eventName")) = 'Publish' AND \(f("requestParameters.phoneNumber")) IS NOT NULL)
                  OR (\(f("eventSource")) = 'cognito-idp.amazonaws.com' AND \(f("responseElements.codeDeliveryDetails.deliveryMedium")) = 'SMS'
                      AND (\(PhoneLookupSQL.digits(cognitoDestination, d))) IS NOT NULL))
            """
        let union = [twilioMessages, "SELECT \(columns) FROM twilio_events_once", snsDelivery, cloudTrail]
            .joined(separator: "\n  UNION ALL\n")
        return [
            "twilio_event_texts AS (\n\(twilioEventRows)\n)",
            "twilio_events_once AS (\n\(twilioEvents)\n)",
            "outbound_rows AS (\n\(union)\n)",
            "outbound_messages AS (\n  SELECT time_ms, view, destination, \(PhoneLookupSQL.digits("destination", d)) AS digits, message_id, price, status, mcc, mnc, caller_arn, source_ip, user_agent\n    FROM outbound_rows WHERE time_ms IS NOT NULL\n)",
        ]
    }

    /// `event_times`: the time of every record of the raw tables (`time_ms`), for detectors whose
    /// detection window ends at the data's last event.
    static func eventTimes(_ d: BuiltinSQLDialect) -> String {
        let f = { (path: String) in d.field(path) }
        return """
            event_times AS (
              SELECT \(d.isoMillis(f("eventTime"))) AS time_ms FROM cloudtrail
              UNION ALL SELECT \(d.dateMillis("coalesce(\(f("date_created")), \(f("date_sent")), \(f("date_updated")))")) FROM twilio_messages
              UNION ALL SELECT \(d.dateMillis("coalesce(\(f("data.timestamp")), \(f("time")), \(f("data.dateCreated")))")) FROM twilio_events
              UNION ALL SELECT \(d.isoMillis(f("notification.timestamp"))) FROM sns_delivery
            )
            """
    }
}
