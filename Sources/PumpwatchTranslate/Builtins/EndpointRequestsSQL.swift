/// The SQL relation `endpoint_requests`: web and app requests read from raw access log lines and
/// Application Insights rows as `WebAccessLogNormalizer` and `AppRequestNormalizer` read them.
///
/// Raw tables: `web_access` (one nginx/Apache combined-format line per row, as text in the record
/// column) and `app_requests` (one Application Insights `AppRequests` row per row, as JSON).
///
/// Columns: `time_ms`, `view` (`web-access`, `app-requests`), `source_ip` (the client address of
/// access log lines; of app rows only when it is an IP address), `path` (the URL path, `/` when
/// empty), `status` (INT) and `user_agent`.
enum EndpointRequestsSQL {
    static let tables = ["web_access", "app_requests"]

    /// The path of a request target or URL, as `MessagingFields.pathAndQuery` finds it.
    static func path(_ target: String, _ d: BuiltinSQLDialect) -> String {
        let afterHost = "CASE WHEN \(target) LIKE '%://%' THEN regexp_extract(\(target), '://[^/?#]*(.*)$', 1) ELSE \(target) END"
        let bare = "regexp_extract(\(afterHost), '^([^?#]*)', 1)"
        return "CASE WHEN \(target) IS NULL THEN NULL WHEN \(bare) = '' THEN '/' ELSE \(bare) END"
    }

    /// `name AS (...)`, the relation.
    static func definitions(_ d: BuiltinSQLDialect) -> [String] {
        let line = d.recordColumn
        let head = "^[ \\t]*([^ \\t\"]+)[ \\t]+[^ \\t\"]+[ \\t]+.+? \\[([^\\]]*)\\][ \\t]*\"((?:[^\"\\\\]|\\\\.)*)\"[ \\t]+([0-9]{3})([ \\t]|$)"
        let accessTime = d.isSpark
            ? "unix_millis(try_to_timestamp(regexp_extract(\(line), \(d.string(head)), 2), 'dd/MMM/yyyy:HH:mm:ss Z'))"
            : "epoch_ms(try_strptime(regexp_extract(\(line), \(d.string(head)), 2), '%d/%b/%Y:%H:%M:%S %z'))"
        let request = "regexp_extract(\(line), \(d.string(head)), 3)"
        let target = "nullif(regexp_extract(\(request), '^[A-Z_-]{1,16} +([^ ]+)', 1), '')"
        let web = """
            SELECT \(accessTime) AS time_ms, 'web-access' AS view, regexp_extract(\(line), \(d.string(head)), 1) AS source_ip,
                \(path(target, d)) AS path, CAST(regexp_extract(\(line), \(d.string(head)), 4) AS INT) AS status
              FROM web_access
              WHERE \(d.matches(line, head))
            """
        let f = { (p: String) in d.field(p) }
        let ip = "coalesce(\(f("ClientIP")), \(f("client_IP")), \(f("ClientIp")))"
        let ipValid = "(\(d.matches(ip, "^[0-9]{1,3}([.][0-9]{1,3}){3}$")) OR (\(ip) LIKE '%:%' AND \(d.matches(ip, "^[0-9A-Fa-f:.]+$"))))"
        let name = "coalesce(\(f("Name")), \(f("name")))"
        let nameTarget = "CASE WHEN upper(regexp_extract(\(name), '^([^ ]+)', 1)) IN ('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT') THEN nullif(regexp_extract(\(name), '^[^ ]+ +([^ ]+)', 1), '') END"
        let url = "coalesce(\(f("Url")), \(f("url")))"
        let app = """
            SELECT \(d.isoMillis("coalesce(\(f("TimeGenerated")), \(f("timestamp")), \(f("Timestamp")))")) AS time_ms, 'app-requests' AS view,
                CASE WHEN \(ipValid) THEN \(ip) END AS source_ip,
                CASE WHEN \(url) IS NOT NULL THEN \(path(url, d)) ELSE \(path(nameTarget, d)) END AS path,
                \(d.isSpark ? "try_cast" : "TRY_CAST")(coalesce(\(f("ResultCode")), \(f("resultCode"))) AS INT) AS status
              FROM app_requests
            """
        return ["endpoint_requests AS (\n\(web)\n  UNION ALL\n\(app)\n)"]
    }
}
