import PumpwatchCore

/// Turns the `records:` of an inline rule test into the lines written to the test's input file.
///
/// A record is a YAML mapping (one JSON object), a JSON object written as text, or, for
/// `web-access`, an access-log line. `{record: ..., repeat: N, every: 300ms, time_field: eventTime}`
/// stands for N copies: copy `i` (from 0) has `{i}` in its text replaced with `i` (`{i:4}` pads
/// it to four digits) and its time fields moved `i × every` later.
enum TestRecordExpander {
    /// The time fields shifted when a repeated record names none, by format (dotted paths).
    static let defaultTimeFields: [SourceFormat: [String]] = [
        .cloudtrail: ["eventTime"],
        .falcon: ["@timestamp", "timestamp", "ContextTimeStamp"],
        .twilioMessages: ["date_created", "date_sent", "date_updated"],
        .twilioEvents: ["time"],
        .snsDelivery: ["notification.timestamp"],
        .appRequests: ["TimeGenerated"],
        .ndjson: ["@timestamp", "timestamp"],
    ]

    /// Upper bound on the copies one test may generate, so a typo cannot fill the disk.
    static let maxCopies = 100_000

    static func expand(_ item: YAMLValue, format: SourceFormat) throws(RuleError) -> [String] {
        if case .mapping = item.node {
            let members = try item.mapping()
            if members.has("repeat") && members.has("record") {
                return try expandRepeat(try item.mapping(allowed: ["record", "repeat", "every", "time_field"]), format: format)
            }
        }
        return [try render(try base(item, format: format), copy: 0, shift: 0, timeFields: [], at: item)]
    }

    /// One record before expansion: a JSON object, or a text line for `web-access`.
    private enum Base {
        case object(JSONValue)
        case line(String)
    }

    private static func base(_ item: YAMLValue, format: SourceFormat) throws(RuleError) -> Base {
        switch item.node {
        case .mapping:
            if format == .webAccess { throw item.error("web-access records are access-log lines, not mappings") }
            return .object(try item.json())
        case .scalar:
            let text = try item.string()
            if format == .webAccess { return .line(text) }
            guard let value = try? JSONParser.parse(text), case .object = value else {
                throw item.error("expected a JSON object (as a mapping or as JSON text) for a \(format.rawValue) record")
            }
            return .object(value)
        default:
            throw item.error("expected a record (a mapping, JSON text or a log line), found \(item.kindName)")
        }
    }

    private static func expandRepeat(_ m: YAMLMapping, format: SourceFormat) throws(RuleError) -> [String] {
        let count = try m.required("repeat").int()
        guard count >= 1, count <= maxCopies else {
            throw m["repeat"]!.error("expected 1 to \(maxCopies) copies, found \(count)")
        }
        let every = try m.optional("every")?.duration() ?? 0
        let record = try m.required("record")
        let base = try base(record, format: format)
        var timeFields: [String] = []
        if let tf = m.optional("time_field") {
            timeFields = try tf.stringList()
            if case .line = base { throw tf.error("access-log lines shift their [date] themselves; drop time_field") }
        } else if case .object(let object) = base, every != 0 {
            timeFields = (defaultTimeFields[format] ?? []).filter { lookup(object, $0) != nil }
            if timeFields.isEmpty {
                throw m["every"]!.error("the record has no time field to shift; name it with time_field")
            }
        }
        if case .object(let object) = base {
            for f in timeFields where lookup(object, f) == nil {
                throw m["time_field"]!.error("the record has no field '\(f)'")
            }
        }
        var out: [String] = []
        out.reserveCapacity(count)
        for i in 0..<count {
            out.append(try render(base, copy: i, shift: Int64(i) * every, timeFields: timeFields, at: record))
        }
        return out
    }

    private static func render(_ base: Base, copy: Int, shift: Int64, timeFields: [String], at item: YAMLValue) throws(RuleError) -> String {
        switch base {
        case .line(let text):
            let substituted = substitute(text, copy: copy)
            if shift == 0 { return substituted }
            guard let shifted = shiftAccessLogDate(substituted, by: shift) else {
                throw item.error("cannot find the [dd/Mon/yyyy:hh:mm:ss +0000] date to shift in the line")
            }
            return shifted
        case .object(let object):
            var value = substitute(object, copy: copy)
            if shift != 0 {
                for f in timeFields {
                    guard let old = lookup(value, f), let new = shiftTime(old, by: shift) else {
                        throw item.error("field '\(f)' does not hold a time (ISO 8601 text or epoch seconds or milliseconds)")
                    }
                    value = replacing(value, f, with: new)
                }
            }
            return JSONWriter.serialize(value)
        }
    }

    // MARK: - {i}

    /// Replaces `{i}` with `copy` and `{i:N}` with `copy` padded to N digits.
    static func substitute(_ text: String, copy: Int) -> String {
        guard TextSearch.contains(text, "{i") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{i") {
            out += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            if after.first == "}" {
                out += String(copy)
                rest = after.dropFirst()
            } else if after.first == ":", let close = after.firstIndex(of: "}"), let width = Int(after[after.index(after: after.startIndex)..<close]), width <= 20 {
                let digits = String(copy)
                out += String(repeating: "0", count: max(0, width - digits.count)) + digits
                rest = after[after.index(after: close)...]
            } else {
                out += "{i"
                rest = after
            }
        }
        return out + rest
    }

    static func substitute(_ value: JSONValue, copy: Int) -> JSONValue {
        switch value {
        case .string(let s): return .string(substitute(s, copy: copy))
        case .array(let a): return .array(a.map { substitute($0, copy: copy) })
        case .object(let o): return .object(o.map { (substitute($0.0, copy: copy), substitute($0.1, copy: copy)) })
        default: return value
        }
    }

    // MARK: - Fields by dotted path

    /// The value at `path`: a member named exactly `path`, else the dotted path through nested objects.
    static func lookup(_ value: JSONValue, _ path: String) -> JSONValue? {
        if let v = value[path] { return v }
        guard let dot = path.firstIndex(of: ".") else { return nil }
        guard let inner = value[String(path[..<dot])] else { return nil }
        return lookup(inner, String(path[path.index(after: dot)...]))
    }

    static func replacing(_ value: JSONValue, _ path: String, with new: JSONValue) -> JSONValue {
        guard case .object(var members) = value else { return value }
        if let i = members.firstIndex(where: { $0.0 == path }) {
            members[i].1 = new
            return .object(members)
        }
        guard let dot = path.firstIndex(of: "."), let i = members.firstIndex(where: { $0.0 == String(path[..<dot]) }) else { return value }
        members[i].1 = replacing(members[i].1, String(path[path.index(after: dot)...]), with: new)
        return .object(members)
    }

    // MARK: - Moving times

    /// `value` moved `ms` later, written the way it was: ISO text, epoch-millisecond text
    /// (Falcon `timestamp`), epoch-second text with the same decimals (`ContextTimeStamp`), or a number.
    static func shiftTime(_ value: JSONValue, by ms: Int64) -> JSONValue? {
        switch value {
        case .int(let i):
            if abs(i) > 100_000_000_000 { return .int(i + ms) }
            return ms % 1000 == 0 ? .int(i + ms / 1000) : .double(Double(i) + Double(ms) / 1000)
        case .double(let d):
            guard let t = Timestamp.epochToMillis(d) else { return nil }
            return abs(d) > 100_000_000_000 ? .double(d + Double(ms)) : .double(Double(t + ms) / 1000)
        case .string(let s):
            return shiftTimeText(s, by: ms).map { .string($0) }
        default:
            return nil
        }
    }

    static func shiftTimeText(_ s: String, by ms: Int64) -> String? {
        let t = s.trimmingSpaces()
        if let d = Value.parseNumber(t), !t.contains("-") || t.hasPrefix("-") {
            guard let millis = Timestamp.epochToMillis(d) else { return nil }
            let moved = millis + ms
            if abs(d) > 100_000_000_000 { return String(moved) }
            let decimals = t.firstIndex(of: ".").map { t.distance(from: $0, to: t.endIndex) - 1 } ?? 0
            if decimals == 0 && moved % 1000 == 0 { return String(moved / 1000) }
            return fixed(moved, decimals: max(decimals, moved % 1000 == 0 ? decimals : 3))
        }
        guard let millis = Timestamp.parse(t) else { return nil }
        let moved = millis + ms
        var iso = Timestamp.iso8601(millis: moved)
        let hadFraction = t.count > 19 && (t[t.index(t.startIndex, offsetBy: 19)] == "." || t[t.index(t.startIndex, offsetBy: 19)] == ",")
        if !hadFraction && moved % 1000 == 0 { iso = String(iso.dropLast(5)) + "Z" }
        return iso
    }

    /// Epoch milliseconds as seconds with `decimals` digits after the point.
    private static func fixed(_ millis: Int64, decimals: Int) -> String {
        let negative = millis < 0
        let m = abs(millis)
        var fraction = String(m % 1000)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        if decimals < 3 { fraction = String(fraction.prefix(decimals)) } else { fraction += String(repeating: "0", count: decimals - 3) }
        return (negative ? "-" : "") + String(m / 1000) + (decimals > 0 ? "." + fraction : "")
    }

    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The access-log line with its `[10/Oct/2026:13:55:36 +0000]` date moved `ms` later (printed in UTC).
    static func shiftAccessLogDate(_ line: String, by ms: Int64) -> String? {
        guard let open = line.firstIndex(of: "["), let close = line[open...].firstIndex(of: "]") else { return nil }
        guard let millis = Timestamp.parse(String(line[line.index(after: open)..<close])) else { return nil }
        let moved = millis + ms
        let days = moved >= 0 ? moved / 86_400_000 : (moved - 86_399_999) / 86_400_000
        let (y, m, d) = Timestamp.civil(fromDays: days)
        let secondOfDay = (moved - days * 86_400_000) / 1000
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let date = "\(two(d))/\(monthNames[Int(m) - 1])/\(y):\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) +0000"
        return String(line[...open]) + date + String(line[close...])
    }
}
