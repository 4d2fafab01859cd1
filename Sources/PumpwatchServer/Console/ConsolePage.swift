import PumpwatchCore
import PumpwatchStore

/// Renders the console's pages: the alert list and the login form. Every text that comes from
/// alerts, tokens or requests is escaped; the pages load nothing and run no script (their
/// Content-Security-Policy says so), and the buttons are plain HTML forms.
enum ConsolePage {
    /// What the alert list shows.
    struct Listing {
        /// The name of the token the session stands for.
        var client: String
        var filter: ConsoleFilter
        /// The alerts to list, newest first.
        var alerts: [AlertRecord]
        /// Whether more alerts matched than are listed.
        var truncated: Bool
        /// Active (open or acknowledged) alerts per severity rank, 0 `info` to 4 `critical`.
        var activeBySeverity: [Int]
        /// Alerts raised per hour and severity rank (`ConsoleChart.buckets`).
        var chart: [[Int]]
        /// The time of the page, epoch milliseconds.
        var now: Int64
    }

    /// The headers of every console page: HTML, not cached, not framed, loading nothing.
    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("Cache-Control", "no-store"),
    ]

    // MARK: - Alert list

    static func alerts(_ listing: Listing) -> String {
        var h = head(title: "pumpwatch console")
        h += "<header><div class=\"wrap\"><div class=\"top\"><h1>pumpwatch</h1>"
        h += "<form method=\"post\" action=\"/console/logout\" class=\"who\"><span>signed in as <strong>\(e(listing.client))</strong></span>"
        h += "<button type=\"submit\" class=\"link\">Sign out</button></form></div>\n"
        h += "<div class=\"severities\">"
        for rank in AlertSeverity.ordered.indices.reversed() {
            let severity = AlertSeverity.ordered[rank]
            let count = rank < listing.activeBySeverity.count ? listing.activeBySeverity[rank] : 0
            h += "<div class=\"sevcount sev-\(severity)\"><span class=\"num\">\(count)</span><span class=\"lbl\">\(severity)</span></div>"
        }
        h += "<p class=\"hint\">active alerts (open or acknowledged) by severity</p></div></div></header>\n<main>\n"
        h += "<figure class=\"panel\"><figcaption><strong>Alerts raised per hour</strong><span>the last \(ConsoleChart.hours) hours, stacked by severity</span></figcaption>"
        h += ConsoleChart.timeline(listing.chart, now: listing.now)
        h += legend() + "</figure>\n"
        h += "<nav class=\"filters\">"
        for filter in ConsoleFilter.allCases {
            let current = filter == listing.filter ? " class=\"current\" aria-current=\"page\"" : ""
            h += "<a href=\"\(e(filter.path))\"\(current)>\(filter.label)</a>"
        }
        h += "<span class=\"shown\">\(listing.alerts.count)\(listing.truncated ? "+" : "") shown, newest first</span></nav>\n"
        if listing.alerts.isEmpty {
            h += "<p class=\"empty\">No \(listing.filter == .all ? "" : listing.filter.label.lowercased() + " ")alerts.</p>\n"
        }
        for alert in listing.alerts {
            h += card(alert, filter: listing.filter, now: listing.now)
        }
        h += "</main>\n<footer>Times are UTC. Acknowledge and resolve are recorded with your token's name.</footer>\n</body>\n</html>\n"
        return h
    }

    private static func card(_ alert: AlertRecord, filter: ConsoleFilter, now: Int64) -> String {
        let d = alert.draft
        let severity = AlertSeverity.rank(of: d.severity).map { AlertSeverity.ordered[$0] } ?? "info"
        var h = "<article class=\"card sev-\(severity)\" id=\"alert-\(alert.id)\">\n<div class=\"card-head\">"
        h += "<span class=\"pill\">\(e(d.severity.uppercased()))</span><span class=\"risk\" title=\"risk score\">risk \(d.riskScore)</span>"
        h += "<code class=\"rule\">\(e(d.ruleID))</code><span class=\"state state-\(alert.state.rawValue)\">\(alert.state.rawValue)</span>"
        if let range = timeRange(d.firstSeen, d.lastSeen) { h += "<span class=\"when\">\(e(range))</span>" }
        h += "<span class=\"count\">\(d.count) event\(d.count == 1 ? "" : "s")"
        if alert.occurrences > 1 { h += " · reported \(alert.occurrences)×" }
        h += "</span></div>\n<h3>\(e(d.title)) <span class=\"id\">#\(alert.id)</span></h3>\n<p class=\"summary\">\(e(d.summary))</p>\n"
        h += "<div class=\"cols\"><div>"
        h += "<h4>Entities</h4>" + table(d.entities)
        h += "</div><div><h4>Evidence</h4>" + table(d.evidence) + "</div></div>\n<p class=\"meta\">"
        if !d.attack.isEmpty { h += "<span>ATT&amp;CK " + d.attack.map { "<span class=\"tech\">\(e($0))</span>" }.joined(separator: ", ") + "</span>" }
        if !d.sources.isEmpty { h += "<span>Sources: " + d.sources.prefix(8).map { "<code>\(e($0))</code>" }.joined(separator: " ") + "</span>" }
        h += "<span>Raised \(e(minute(alert.createdAt))) (\(e(age(alert.createdAt, now: now)))), updated \(e(minute(alert.updatedAt)))</span>"
        if let by = alert.stateChangedBy, let at = alert.stateChangedAt {
            let state = alert.state.rawValue
            h += "<span>\(e(state.prefix(1).uppercased() + state.dropFirst())) by <strong>\(e(by))</strong> at \(e(minute(at)))"
            if let note = alert.note { h += ": <q>\(e(note))</q>" }
            h += "</span>"
        }
        h += "</p>\n"
        if alert.state != .resolved {
            h += "<div class=\"actions\">"
            if alert.state == .open { h += action(alert.id, "acknowledge", "Acknowledge", filter: filter) }
            h += action(alert.id, "resolve", "Resolve", filter: filter)
            h += "</div>\n"
        }
        return h + "</article>\n"
    }

    private static func action(_ id: Int64, _ verb: String, _ label: String, filter: ConsoleFilter) -> String {
        var h = "<form method=\"post\" action=\"/console/alerts/\(id)/\(verb)\">"
        h += "<input type=\"hidden\" name=\"state\" value=\"\(filter.rawValue)\">"
        h += "<input type=\"text\" name=\"note\" maxlength=\"\(AlertQuery.noteLimit)\" placeholder=\"note (optional)\" aria-label=\"note\">"
        h += "<button type=\"submit\" class=\"\(verb)\">\(label)</button></form>"
        return h
    }

    /// Name/value pairs of an alert's `[name, value]` text as a definition list, two pairs a row
    /// when there are many; lists as chips; text that is not such a list as it is.
    private static func table(_ text: String) -> String {
        guard let pairs = AlertJSON.pairs(text) else { return "<pre class=\"raw\">\(e(text))</pre>" }
        guard !pairs.isEmpty else { return "<p class=\"none\">none</p>" }
        var h = pairs.count > 6 ? "<dl class=\"kv wide\">" : "<dl class=\"kv\">"
        for (name, value) in pairs {
            h += "<dt>\(e(name))</dt><dd>"
            if case .array(let items) = value {
                h += "<span class=\"list\">" + items.prefix(20).map { "<span class=\"item\">\(e(AlertJSON.text($0)))</span>" }.joined()
                if items.count > 20 { h += "<span class=\"more\">+\(items.count - 20) more</span>" }
                h += "</span>"
            } else {
                h += e(AlertJSON.text(value))
            }
            h += "</dd>"
        }
        return h + "</dl>"
    }

    private static func legend() -> String {
        var h = "<div class=\"legend\">"
        for severity in AlertSeverity.ordered.reversed() {
            h += "<span><i class=\"sw sev-\(severity)\"></i>\(severity)</span>"
        }
        return h + "</div>"
    }

    // MARK: - Login

    /// The login form; `message` explains a refused attempt.
    static func login(message: String?) -> String {
        var h = head(title: "Sign in · pumpwatch")
        h += "<main class=\"login\"><form method=\"post\" action=\"/console/login\" class=\"panel\">"
        h += "<h1>pumpwatch</h1><p>Sign in with an API token listed under <code>server.tokens</code> in the configuration.</p>"
        if let message { h += "<p class=\"error\" role=\"alert\">\(e(message))</p>" }
        h += "<label for=\"token\">Token</label>"
        h += "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" required autofocus>"
        h += "<button type=\"submit\">Sign in</button>"
        h += "<p class=\"hint\">The token is checked once; the browser keeps a signed session for 12 hours, not the token.</p>"
        h += "</form></main>\n</body>\n</html>\n"
        return h
    }

    /// A refusal with a link back to the alert list.
    static func refused(_ message: String) -> String {
        var h = head(title: "Refused · pumpwatch")
        h += "<main class=\"login\"><div class=\"panel\"><h1>pumpwatch</h1>"
        h += "<p class=\"error\" role=\"alert\">\(e(message))</p><p><a href=\"/\">Back to the alerts</a></p></div></main>\n</body>\n</html>\n"
        return h
    }

    // MARK: - Parts

    private static func head(title: String) -> String {
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>\(e(title))</title>\n<style>\n\(stylesheet)</style>\n</head>\n<body>\n"
    }

    private static func e(_ s: String) -> String { ConsoleMarkup.escape(s) }

    /// `2026-11-27 10:02`, UTC.
    static func minute(_ millis: Int64) -> String {
        let iso = Timestamp.iso8601(millis: millis)
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5))
    }

    /// `2026-11-27 10:02 – 10:09 UTC`, or across days with both dates.
    static func timeRange(_ first: Int64?, _ last: Int64?) -> String? {
        guard let a = first ?? last, let b = last ?? first else { return nil }
        let x = minute(a), y = minute(b)
        if x == y { return x + " UTC" }
        return x.prefix(10) == y.prefix(10) ? "\(x) – \(y.dropFirst(11)) UTC" : "\(x) – \(y) UTC"
    }

    /// `just now`, `12 min ago`, `5 h ago`, `3 d ago`.
    static func age(_ millis: Int64, now: Int64) -> String {
        let seconds = max(0, (now - millis) / 1000)
        switch seconds {
        case ..<60: return "just now"
        case ..<3600: return "\(seconds / 60) min ago"
        case ..<172_800: return "\(seconds / 3600) h ago"
        default: return "\(seconds / 86400) d ago"
        }
    }

    private static let stylesheet = """
    :root{--critical:#b42318;--high:#d9480f;--medium:#b7791f;--low:#1d4ed8;--info:#64748b;--ink:#1f2328;--muted:#59636e;--line:#d8dee4;--bg:#f4f6f8}
    *{box-sizing:border-box}
    body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif}
    code,.list .item{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12.5px}
    header{background:#0f172a;color:#e2e8f0;padding:16px 0 14px}
    .wrap,main,footer{max-width:1200px;margin:0 auto;padding:0 24px}
    .top{display:flex;align-items:center;justify-content:space-between;margin-bottom:10px}
    h1{margin:0;font-size:21px;color:#fff;letter-spacing:.2px}
    .who{display:flex;gap:10px;align-items:center;color:#cbd5e1}.who strong{color:#fff}
    button.link{background:none;border:1px solid #475569;color:#e2e8f0;border-radius:5px;padding:3px 10px;cursor:pointer}
    .severities{display:flex;gap:10px;align-items:flex-end;flex-wrap:wrap}
    .sevcount{min-width:104px;padding:7px 12px;border-radius:8px;background:#1e293b;border-top:4px solid var(--sev)}
    .sevcount .num{display:block;font-size:22px;font-weight:700;color:#fff}
    .sevcount .lbl{text-transform:uppercase;font-size:11px;letter-spacing:.8px;color:#cbd5e1}
    .hint{color:#94a3b8;font-size:12px;margin:0 0 4px}
    .sev-critical{--sev:var(--critical)}.sev-high{--sev:var(--high)}.sev-medium{--sev:var(--medium)}.sev-low{--sev:var(--low)}.sev-info{--sev:var(--info)}
    .panel{margin:18px 0 8px;background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 14px}
    .panel figcaption{display:flex;gap:10px;align-items:baseline;margin-bottom:6px}.panel figcaption span{color:var(--muted);font-size:12px}
    svg.chart{display:block;width:100%;height:auto}
    svg .label{font-size:11px;fill:#59636e}svg .note{font-size:10px;fill:#8c959f}
    svg .axis{stroke:#8c959f;stroke-width:1}svg .grid{stroke:#e5e9ee;stroke-dasharray:3 3}svg .tick{stroke:#8c959f}
    svg rect.sev-critical{fill:var(--critical)}svg rect.sev-high{fill:var(--high)}svg rect.sev-medium{fill:var(--medium)}svg rect.sev-low{fill:var(--low)}svg rect.sev-info{fill:var(--info)}
    .legend{display:flex;gap:14px;font-size:12px;color:var(--muted);margin-top:2px}.sw{display:inline-block;width:10px;height:10px;border-radius:2px;background:var(--sev);margin-right:5px}
    .filters{display:flex;gap:6px;align-items:center;margin:14px 0 12px;flex-wrap:wrap}
    .filters a{padding:4px 12px;border-radius:16px;border:1px solid var(--line);background:#fff;color:var(--ink);text-decoration:none}
    .filters a.current{background:#0f172a;color:#fff;border-color:#0f172a}
    .shown{margin-left:auto;color:var(--muted);font-size:12.5px}
    .card{background:#fff;border:1px solid var(--line);border-left:6px solid var(--sev);border-radius:8px;padding:12px 16px;margin:0 0 14px}
    .card-head{display:flex;flex-wrap:wrap;align-items:center;gap:10px;color:var(--muted);font-size:13px}
    .pill{background:var(--sev);color:#fff;font-weight:700;font-size:11.5px;letter-spacing:.8px;padding:2px 8px;border-radius:4px}
    .risk{font-weight:600;color:var(--sev)}
    .rule{background:#eef1f4;padding:1px 6px;border-radius:4px;color:var(--ink)}
    .state{font-size:11.5px;font-weight:600;text-transform:uppercase;letter-spacing:.6px;padding:1px 7px;border-radius:10px;border:1px solid currentColor}
    .state-open{color:#b42318}.state-acknowledged{color:#7c3aed}.state-resolved{color:#15803d}
    .count{margin-left:auto;font-weight:600;color:var(--ink)}
    .card h3{margin:8px 0 4px;font-size:16px}.card h3 .id{color:var(--muted);font-weight:400;font-size:13px}
    .summary{margin:0 0 8px;overflow-wrap:anywhere}
    .cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,2fr);gap:22px;align-items:start}
    h4{margin:6px 0 4px;font-size:12px;text-transform:uppercase;letter-spacing:.8px;color:var(--muted)}
    dl.kv{display:grid;grid-template-columns:max-content minmax(0,1fr);margin:0;font-size:13px}
    dl.kv.wide{grid-template-columns:max-content minmax(0,1fr) max-content minmax(0,1fr)}
    .kv dt{font-weight:600;padding:2px 12px 2px 0;color:#344054;border-bottom:1px solid #eef1f4;overflow-wrap:anywhere;max-width:220px}
    .kv dd{margin:0;padding:2px 14px 2px 0;border-bottom:1px solid #eef1f4;overflow-wrap:break-word;min-width:0;font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12.5px}
    .list{display:flex;flex-wrap:wrap;gap:4px}.list .item{background:#eef1f4;border-radius:3px;padding:0 5px}
    .more,.none{color:var(--muted);font-style:italic;margin:0}pre.raw{white-space:pre-wrap;overflow-wrap:anywhere;margin:0}
    .meta{display:flex;flex-direction:column;gap:2px;margin:8px 0 0;color:var(--muted);font-size:12.5px;overflow-wrap:anywhere}
    .tech{font-weight:600;color:var(--ink)}
    .actions{display:flex;gap:12px;flex-wrap:wrap;margin-top:10px}
    .actions form{display:flex;gap:6px}
    .actions input[type=text]{border:1px solid var(--line);border-radius:5px;padding:4px 8px;width:220px;font:inherit}
    button{font:inherit;border-radius:5px;padding:4px 12px;cursor:pointer;border:1px solid #0f172a;background:#0f172a;color:#fff}
    button.acknowledge{background:#7c3aed;border-color:#7c3aed}button.resolve{background:#15803d;border-color:#15803d}
    .empty{color:var(--muted)}
    footer{color:var(--muted);font-size:12px;padding:6px 24px 28px}
    main.login{max-width:420px;margin:10vh auto}.login form{display:flex;flex-direction:column;gap:10px;padding:22px}
    .login h1{color:var(--ink)}.login p{margin:0;color:var(--muted)}.login .hint{color:var(--muted)}
    .login input{font:inherit;padding:7px 9px;border:1px solid var(--line);border-radius:5px}
    .error{color:#b42318 !important;font-weight:600}
    @media (max-width:800px){.cols{grid-template-columns:1fr}}

    """
}
