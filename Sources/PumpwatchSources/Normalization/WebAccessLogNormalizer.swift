import PumpwatchCore

/// Parses nginx and Apache access log lines in the "combined" format (and the shorter "common" one):
/// `IP - user [10/Oct/2026:13:55:36 +0000] "METHOD /path?query HTTP/1.1" status bytes "referer" "user-agent"`.
///
/// Fields: `@timestamp`, `source.address`, `source.ip` (when an IP address), `user.name`,
/// `http.request.method`, `url.original`, `url.path`, `url.query`, `http.version`,
/// `http.response.status_code`, `http.response.body.bytes`, `http.request.referrer`,
/// `user_agent.original`/`.name`/`.version`, `event.original` (the line) and `event.dataset`.
public enum WebAccessLogNormalizer {
    /// The `event.dataset` of access log lines.
    public static let dataset = "web.access"

    /// The event for one access log line; a line that is not in the combined or common format throws.
    public static func event(line: String, origin: Origin) throws(MalformedRecord) -> Event {
        var scanner = LineScanner(Array(line.utf8))
        func fail(_ reason: String) -> MalformedRecord {
            MalformedRecord(origin: origin, reason: "not an access log line in the combined format: \(reason)")
        }
        guard let host = scanner.token(), !host.isEmpty else { throw fail("no client address") }
        guard scanner.token() != nil else { throw fail("no identity field") }
        guard let user = scanner.userField() else { throw fail("no user field") }
        guard let time = scanner.bracketed() else { throw fail("no [time] field") }
        guard let millis = Timestamp.parse(time) else { throw fail("time \"\(time)\" is not a date") }
        guard let request = scanner.quoted() else { throw fail("no quoted request") }
        guard let statusText = scanner.token(), let status = Int64(statusText), (100...999).contains(status) else {
            throw fail("no status code")
        }
        let bytesText = scanner.token()
        let referrer = scanner.quoted()
        let agent = scanner.quoted()

        var f: [String: Value] = [:]
        f["event.original"] = .string(line)
        f["source.address"] = .string(host)
        if user != "-" { f["user.name"] = .string(user) }
        if let bytesText, let bytes = Int64(bytesText) { f["http.response.body.bytes"] = .int(bytes) }
        if let referrer, referrer != "-" { f["http.request.referrer"] = .string(referrer) }

        var m = MessagingFields(dataset: dataset)
        m.timestamp = millis
        m.sourceIP = IPAddress.isValid(host) ? host : nil
        m.statusCode = status
        m.outcome = status >= 400 ? "failure" : "success"
        if let agent, agent != "-" { m.userAgent = agent }
        let parts = request.split(separator: " ", omittingEmptySubsequences: true)
        if parts.count >= 2, isMethod(parts[0]) {
            m.method = String(parts[0])
            let target = String(parts[1])
            m.url = target
            let (path, query) = MessagingFields.pathAndQuery(target)
            m.path = path
            m.query = query
            if parts.count >= 3, parts[2].hasPrefix("HTTP/") { f["http.version"] = .string(String(parts[2].dropFirst(5))) }
        } else if request != "-" {
            f["http.request.raw"] = .string(request)
        }
        m.apply(to: &f)
        return Event(fields: f, origin: origin, format: .webAccess)
    }

    private static func isMethod(_ s: Substring) -> Bool {
        !s.isEmpty && s.count <= 16 && s.utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    /// Reads space-separated, bracketed and quoted fields from one line.
    private struct LineScanner {
        let b: [UInt8]
        var i = 0

        init(_ bytes: [UInt8]) {
            var end = bytes.count
            while end > 0, bytes[end - 1] == 10 || bytes[end - 1] == 13 { end -= 1 }
            b = Array(bytes[..<end])
        }

        mutating func skipSpaces() {
            while i < b.count, b[i] == 32 || b[i] == 9 { i += 1 }
        }

        mutating func token() -> String? {
            skipSpaces()
            guard i < b.count, b[i] != UInt8(ascii: "\"") else { return nil }
            let start = i
            while i < b.count, b[i] != 32, b[i] != 9 { i += 1 }
            return String(decoding: b[start..<i], as: UTF8.self)
        }

        /// The user field, which runs up to the ` [` that opens the time.
        mutating func userField() -> String? {
            skipSpaces()
            let start = i
            while i + 1 < b.count, !(b[i] == 32 && b[i + 1] == UInt8(ascii: "[")) { i += 1 }
            guard i + 1 < b.count, i > start else { return nil }
            return String(decoding: b[start..<i], as: UTF8.self)
        }

        mutating func bracketed() -> String? {
            skipSpaces()
            guard i < b.count, b[i] == UInt8(ascii: "[") else { return nil }
            guard let close = b[i...].firstIndex(of: UInt8(ascii: "]")) else { return nil }
            let s = String(decoding: b[(i + 1)..<close], as: UTF8.self)
            i = close + 1
            return s
        }

        /// A double-quoted field; `\"` and `\\` inside it are unescaped, as nginx writes them.
        mutating func quoted() -> String? {
            skipSpaces()
            guard i < b.count, b[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            var out: [UInt8] = []
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\\"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "\"") || b[i + 1] == UInt8(ascii: "\\") {
                    out.append(b[i + 1])
                    i += 2
                    continue
                }
                if c == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                out.append(c)
                i += 1
            }
            return nil
        }
    }
}
