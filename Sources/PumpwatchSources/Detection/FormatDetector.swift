import PumpwatchCore

/// Finds a file's format and record layout from its first bytes (after gzip decoding).
///
/// Detection looks at content, never at the file name: wrapper keys (`Records`, `messages`,
/// `MetricDataResults`, ...), the keys of the first record (`eventVersion`, `event_simpleName`,
/// `specversion`, ...) or the shape of an access-log line. The first record decides for the
/// whole file.
public enum FormatDetector {
    /// How many decoded bytes detection looks at.
    public static let prefixLength = 64 << 10

    /// True when the prefix holds nothing but whitespace and a byte order mark.
    public static func isBlank(_ prefix: [UInt8]) -> Bool {
        firstSignificantByte(prefix) == nil
    }

    /// True when the prefix looks like binary data rather than text: it starts with a control
    /// byte, or more than 1% of it (and more than 8 bytes) are control bytes or invalid UTF-8.
    public static func looksBinary(_ prefix: [UInt8]) -> Bool {
        guard let start = firstSignificantByte(prefix) else { return false }
        let first = prefix[start]
        if first < 0x20 || first == 0x7F { return true }
        var suspicious = 0
        var i = 0
        let n = prefix.count
        while i < n {
            let c = prefix[i]
            if c < 0x80 {
                if (c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D && c != 0x0C && c != 0x1B) || c == 0x7F { suspicious += 1 }
                i += 1
                continue
            }
            let len: Int
            if c >= 0xC2 && c <= 0xDF { len = 2 } else if c >= 0xE0 && c <= 0xEF { len = 3 } else if c >= 0xF0 && c <= 0xF4 { len = 4 } else { len = 0 }
            if len == 0 { suspicious += 1; i += 1; continue }
            if i + len > n { break }  // a sequence cut by the end of the prefix
            var ok = true
            for k in 1..<len where prefix[i + k] & 0xC0 != 0x80 { ok = false }
            if ok { i += len } else { suspicious += 1; i += 1 }
        }
        return suspicious > 8 && suspicious * 100 > n
    }

    /// The format and layout of a file whose first bytes are `prefix`, or `nil` when it is empty,
    /// binary or of no known shape.
    public static func detect(prefix: [UInt8]) -> DetectedFormat? {
        guard let start = firstSignificantByte(prefix), !looksBinary(prefix) else { return nil }
        switch prefix[start] {
        case UInt8(ascii: "{"):
            return detectObjectStream(prefix, start: start)
        case UInt8(ascii: "["):
            return detectArray(prefix, start: start)
        default:
            return detectText(prefix, start: start)
        }
    }

    /// The format one parsed JSON record names by its keys (or its wrapper's keys), as `detect`
    /// finds it from the record's bytes; `nil` for anything but an object or an array of objects.
    public static func format(ofRecord value: JSONValue) -> SourceFormat? {
        switch value {
        case .object(let members):
            return wrapperFormat(members)?.format ?? recordFormat(members)
        case .array(let items):
            for item in items {
                if let members = item.objectMembers, !members.isEmpty { return recordFormat(members) }
            }
            return .ndjson
        default:
            return nil
        }
    }

    // MARK: - JSON objects

    private static func detectObjectStream(_ prefix: [UInt8], start: Int) -> DetectedFormat? {
        if let outcome = PartialJSONParser.parse(prefix, from: start), let members = outcome.value.objectMembers {
            if let wrapper = wrapperFormat(members) { return wrapper }
            let format = recordFormat(members)
            let spansLines = prefix[start..<outcome.end].contains(0x0A)
            return DetectedFormat(format: format, layout: spansLines ? .documents : .lines)
        }
        // The first line does not parse: take the first line that does, as NDJSON.
        for line in lines(of: prefix, from: start, limit: 50) {
            guard let outcome = PartialJSONParser.parse(line), outcome.isComplete, let members = outcome.value.objectMembers else { continue }
            if let wrapper = wrapperFormat(members), wrapper.layout == .documents { return wrapper }
            return DetectedFormat(format: recordFormat(members), layout: .lines)
        }
        return DetectedFormat(format: .ndjson, layout: .lines)
    }

    private static func detectArray(_ prefix: [UInt8], start: Int) -> DetectedFormat? {
        guard let outcome = PartialJSONParser.parse(prefix, from: start), let items = outcome.value.arrayElements else {
            return DetectedFormat(format: .ndjson, layout: .array)
        }
        for item in items {
            if let members = item.objectMembers, !members.isEmpty {
                return DetectedFormat(format: recordFormat(members), layout: .array)
            }
        }
        return DetectedFormat(format: .ndjson, layout: .array)
    }

    /// The format of a document that wraps its records (`{"Records": [...]}` and the like).
    static func wrapperFormat(_ members: [(String, JSONValue)]) -> DetectedFormat? {
        func has(_ k: String) -> Bool { members.contains { $0.0 == k } }
        func member(_ k: String) -> JSONValue? { members.first { $0.0 == k }?.1 }
        func firstElementKeys(_ k: String) -> Set<String> {
            guard let first = member(k)?.arrayElements?.first?.objectMembers else { return [] }
            return Set(first.map(\.0))
        }
        if has("Records") { return DetectedFormat(format: .cloudtrail, layout: .arrayUnderKey("Records")) }
        if has("QueryResultRows") { return DetectedFormat(format: .cloudtrail, layout: .arrayUnderKey("QueryResultRows")) }
        if has("MetricDataResults") { return DetectedFormat(format: .cloudwatchMetrics, layout: .arrayUnderKey("MetricDataResults")) }
        if has("messageType") && (has("logEvents") || has("logGroup")) {
            return DetectedFormat(format: .snsDelivery, layout: .documents)
        }
        if let messages = member("messages"), messages.arrayElements != nil {
            let pageKeys = ["next_page_uri", "first_page_uri", "previous_page_uri", "page", "page_size", "uri", "start", "end"]
            let first = firstElementKeys("messages")
            if pageKeys.contains(where: has) || first.contains("sid") || first.contains("account_sid") {
                return DetectedFormat(format: .twilioMessages, layout: .arrayUnderKey("messages"))
            }
        }
        if let events = member("events"), events.arrayElements != nil {
            let first = firstElementKeys("events")
            if has("searchedLogStreams") || first.contains("logStreamName") || first.contains("ingestionTime") {
                return DetectedFormat(format: .snsDelivery, layout: .arrayUnderKey("events"))
            }
        }
        if let tables = member("tables")?.arrayElements, let table = tables.first {
            if let columns = table["columns"]?.arrayElements, table["rows"] != nil {
                let names = Set(columns.compactMap { $0["name"]?.string })
                if names.contains("TimeGenerated") && (names.contains("Url") || names.contains("ResultCode")) {
                    return DetectedFormat(format: .appRequests, layout: .documents)
                }
            }
        }
        return nil
    }

    /// The format of a single record, from its keys.
    static func recordFormat(_ members: [(String, JSONValue)]) -> SourceFormat {
        var keys = Set<String>()
        for (k, _) in members { keys.insert(k) }
        if keys.contains("event_simpleName") || keys.contains("#event_simpleName") { return .falcon }
        if keys.contains("specversion"), let type = members.first(where: { $0.0 == "type" })?.1.string, type.hasPrefix("com.twilio.") {
            return .twilioEvents
        }
        if keys.contains("notification") && keys.contains("delivery") { return .snsDelivery }
        if keys.contains("eventVersion") || (keys.contains("eventSource") && keys.contains("eventName"))
            || (keys.contains("eventName") && keys.contains("eventTime") && (keys.contains("awsRegion") || keys.contains("userIdentity")))
        {
            return .cloudtrail
        }
        if keys.contains("TimeGenerated") && (keys.contains("Url") || keys.contains("ResultCode")) { return .appRequests }
        if keys.contains("sid") && keys.contains("to") && keys.contains("from") && keys.contains("status") && keys.contains("account_sid") {
            return .twilioMessages
        }
        return .ndjson
    }

    // MARK: - Text

    private static func detectText(_ prefix: [UInt8], start: Int) -> DetectedFormat? {
        var checked = 0
        for line in lines(of: prefix, from: start, limit: 20) {
            if isAccessLogLine(line) { return DetectedFormat(format: .webAccess, layout: .lines) }
            checked += 1
            if checked >= 5 { break }
        }
        return nil
    }

    /// True for a line in nginx or Apache common or combined format:
    /// `host ident user [10/Oct/2026:13:55:36 +0000] "GET /path HTTP/1.1" 200 123 ...`.
    public static func isAccessLogLine(_ line: [UInt8]) -> Bool {
        guard let open = line.firstIndex(of: UInt8(ascii: "[")), open > 0,
            let close = line[open...].firstIndex(of: UInt8(ascii: "]"))
        else { return false }
        // Host, ident and user come before the date.
        let head = line[..<open]
        guard head.last == 0x20, head.split(separator: 0x20).count >= 3 else { return false }
        guard Timestamp.parse(String(decoding: line[(open + 1)..<close], as: UTF8.self)) != nil else { return false }
        var i = close + 1
        guard i + 1 < line.count, line[i] == 0x20, line[i + 1] == UInt8(ascii: "\"") else { return false }
        i += 2
        // The request line, which may hold escaped quotes.
        while i < line.count, line[i] != UInt8(ascii: "\"") {
            if line[i] == UInt8(ascii: "\\") { i += 1 }
            i += 1
        }
        guard i + 4 < line.count, line[i + 1] == 0x20 else { return false }
        for k in (i + 2)...(i + 4) where !(line[k] >= 48 && line[k] <= 57) { return false }
        return i + 5 == line.count || line[i + 5] == 0x20
    }

    // MARK: - Bytes and lines

    static func firstSignificantByte(_ prefix: [UInt8]) -> Int? {
        var i = 0
        if prefix.count >= 3, prefix[0] == 0xEF, prefix[1] == 0xBB, prefix[2] == 0xBF { i = 3 }
        while i < prefix.count {
            let c = prefix[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { return i }
        }
        return nil
    }

    /// The non-blank lines of the prefix (without line ends), up to `limit`, the last one only if complete or long.
    static func lines(of prefix: [UInt8], from start: Int, limit: Int) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var s = start
        while s < prefix.count, out.count < limit {
            let e = prefix[s...].firstIndex(of: 0x0A) ?? prefix.count
            var line = Array(prefix[s..<e])
            if line.last == 0x0D { line.removeLast() }
            if line.contains(where: { $0 != 0x20 && $0 != 0x09 }) { out.append(line) }
            s = e + 1
        }
        return out
    }
}
