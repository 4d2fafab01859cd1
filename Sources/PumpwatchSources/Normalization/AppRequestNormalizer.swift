import PumpwatchCore

/// Normalizes Azure Application Insights request rows: the `AppRequests` table
/// (`TimeGenerated, Name, Url, ResultCode, Success, DurationMs, ClientIP, OperationId`) and the
/// classic `requests` schema (`timestamp, name, url, resultCode, success, duration, client_IP`).
///
/// The row's own fields are kept and the request fields are added: `source.ip` ← `ClientIP`,
/// `http.request.method` from the first word of `Name` (`POST /api/auth/send-otp`), `url.original` ←
/// `Url`, `url.path`, `http.response.status_code` ← `ResultCode`, `event.outcome` ← `Success`,
/// `event.duration` (nanoseconds) ← `DurationMs`. A Log Analytics query response
/// (`{"tables": [{"columns": [...], "rows": [[...]]}]}`) gives one event per row.
public enum AppRequestNormalizer {
    /// The `event.dataset` of app request rows.
    public static let dataset = "azure.app_requests"

    private static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"]

    /// The events of one row, or of every row of a Log Analytics query response.
    public static func events(record: JSONValue, origin: Origin) throws(MalformedRecord) -> [Event] {
        guard case .object = record else {
            throw MalformedRecord(origin: origin, reason: "an AppRequests row must be a JSON object")
        }
        if let tables = record["tables"]?.arrayElements {
            var out: [Event] = []
            var index = 0
            for table in tables {
                guard let columns = table["columns"]?.arrayElements, let rows = table["rows"]?.arrayElements else {
                    throw MalformedRecord(origin: origin, reason: "a Log Analytics table needs columns and rows")
                }
                let names = columns.map { $0["name"]?.string ?? $0.string ?? "" }
                for row in rows {
                    index += 1
                    var o = origin
                    if o.record == nil { o.record = index }
                    guard let cells = row.arrayElements, cells.count == names.count else {
                        throw MalformedRecord(origin: o, reason: "a Log Analytics row does not match its \(names.count) columns")
                    }
                    out.append(try event(row: .object(Array(zip(names, cells))), origin: o))
                }
            }
            return out
        }
        return [try event(row: record, origin: origin)]
    }

    /// The event for one request row.
    public static func event(row: JSONValue, origin: Origin) throws(MalformedRecord) -> Event {
        func field(_ names: String...) -> JSONValue? {
            for n in names { if let v = row[n], v != .null { return v } }
            return nil
        }
        guard let time = field("TimeGenerated", "timestamp", "Timestamp") else {
            throw MalformedRecord(origin: origin, reason: "the AppRequests row has no TimeGenerated")
        }
        guard let millis = MessagingFields.date(time) else {
            throw MalformedRecord(origin: origin, reason: "TimeGenerated \"\(time.scalarText ?? "")\" is not a date")
        }
        var fields = JSONFlattener.fields(of: row, dropEmpty: true)
        var m = MessagingFields(dataset: dataset)
        m.timestamp = millis
        if let ip = MessagingFields.text(field("ClientIP", "client_IP", "ClientIp")), IPAddress.isValid(ip) {
            m.sourceIP = ip
        }
        let name = MessagingFields.text(field("Name", "name"))
        if let name, let first = name.split(separator: " ").first, methods.contains(first.uppercased()) {
            m.method = first.uppercased()
        }
        if let url = MessagingFields.text(field("Url", "url")) {
            m.url = url
            let (path, query) = MessagingFields.pathAndQuery(url)
            m.path = path
            m.query = query
        } else if let name, m.method != nil, let target = name.split(separator: " ").dropFirst().first {
            m.path = MessagingFields.pathAndQuery(String(target)).path
        }
        m.statusCode = MessagingFields.integer(field("ResultCode", "resultCode"))
        switch field("Success", "success") {
        case .bool(let ok)?: m.outcome = ok ? "success" : "failure"
        case .string(let s)?:
            let lower = s.lowercased()
            if lower == "true" || lower == "false" { m.outcome = lower == "true" ? "success" : "failure" }
        default: break
        }
        m.userAgent = MessagingFields.text(field("UserAgent", "user_agent", "userAgent"))
        m.apply(to: &fields)
        if let duration = field("DurationMs", "duration")?.scalarText.flatMap(Value.parseNumber) {
            // Nanoseconds; a duration beyond 64 bits is kept as a number rather than trapping.
            let nanos = (duration * 1_000_000).rounded()
            fields["event.duration"] = Int64(exactly: nanos).map(Value.int) ?? .double(nanos)
        }
        return Event(fields: fields, origin: origin, format: .appRequests)
    }
}
