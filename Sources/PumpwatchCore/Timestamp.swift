/// Parses and prints the time formats found in the sources, without Foundation's date formatters.
///
/// All values are epoch milliseconds in UTC. Parsing never traps: malformed text gives `nil`.
public enum Timestamp {
    /// Parses ISO 8601 (`2026-11-20T10:00:00Z`, fractions, `+hh:mm` offsets, space separator),
    /// RFC 2822 (`Thu, 20 Nov 2026 10:00:00 +0000`), the access-log form (`10/Oct/2026:13:55:36 +0000`)
    /// and bare epoch numbers (seconds up to 1e11, else milliseconds).
    public static func parse(_ text: String) -> Int64? {
        let b = Array(text.utf8)
        if b.isEmpty { return nil }
        if let v = parseISO(b) { return v }
        if let v = parseRFC2822(b) { return v }
        if let v = parseAccessLog(b) { return v }
        if let d = Value.parseNumber(text) { return epochToMillis(d) }
        return nil
    }

    /// Interprets an epoch number: values up to 100,000,000,000 are seconds, larger ones milliseconds.
    public static func epochToMillis(_ d: Double) -> Int64? {
        guard d.isFinite, abs(d) < 1e17 else { return nil }
        if abs(d) <= 100_000_000_000 { return Int64((d * 1000).rounded()) }
        return Int64(d.rounded())
    }

    /// Prints epoch milliseconds as `2026-11-20T10:00:00.000Z`.
    public static func iso8601(millis: Int64) -> String {
        let days = millis >= 0 ? millis / 86_400_000 : (millis - 86_399_999) / 86_400_000
        let msOfDay = millis - days * 86_400_000
        let (y, m, d) = civil(fromDays: days)
        let h = msOfDay / 3_600_000
        let mi = (msOfDay / 60_000) % 60
        let s = (msOfDay / 1000) % 60
        let ms = msOfDay % 1000
        func p(_ v: Int64, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        return "\(p(y, 4))-\(p(m, 2))-\(p(d, 2))T\(p(h, 2)):\(p(mi, 2)):\(p(s, 2)).\(p(ms, 3))Z"
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date.
    public static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The (year, month, day) of a day count since 1970-01-01.
    public static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    private static func digits(_ b: [UInt8], _ i: Int, _ n: Int) -> Int64? {
        guard i + n <= b.count else { return nil }
        var v: Int64 = 0
        for k in i..<(i + n) {
            let c = b[k]
            guard c >= 48 && c <= 57 else { return nil }
            v = v * 10 + Int64(c - 48)
        }
        return v
    }

    private static func millis(_ y: Int64, _ mo: Int64, _ d: Int64, _ h: Int64, _ mi: Int64, _ s: Int64, _ ms: Int64, offsetMinutes: Int64) -> Int64? {
        guard (1...12).contains(mo), (1...31).contains(d), (0...24).contains(h), (0...59).contains(mi), (0...60).contains(s) else { return nil }
        let dayCount = days(year: y, month: mo, day: d)
        return ((dayCount * 24 + h) * 60 + mi - offsetMinutes) * 60_000 + s * 1000 + ms
    }

    /// Parses a zone suffix at `i`: `Z`, `+hh:mm`, `+hhmm`, `+hh`, ` UTC`, ` GMT`; returns offset minutes.
    private static func zone(_ b: [UInt8], _ i0: Int) -> Int64? {
        var i = i0
        if i == b.count { return 0 }
        if b[i] == UInt8(ascii: " ") { i += 1 }
        if i == b.count { return 0 }
        let rest = String(decoding: b[i...], as: UTF8.self)
        if rest == "Z" || rest == "z" || rest == "UTC" || rest == "GMT" { return 0 }
        let sign: Int64
        switch b[i] {
        case UInt8(ascii: "+"): sign = 1
        case UInt8(ascii: "-"): sign = -1
        default: return nil
        }
        i += 1
        guard let hh = digits(b, i, 2) else { return nil }
        i += 2
        if i == b.count { return sign * hh * 60 }
        if b[i] == UInt8(ascii: ":") { i += 1 }
        guard let mm = digits(b, i, 2), i + 2 == b.count else { return nil }
        return sign * (hh * 60 + mm)
    }

    private static func parseISO(_ b: [UInt8]) -> Int64? {
        guard b.count >= 10, let y = digits(b, 0, 4), b[4] == UInt8(ascii: "-"), let mo = digits(b, 5, 2),
            b[7] == UInt8(ascii: "-"), let d = digits(b, 8, 2)
        else { return nil }
        if b.count == 10 { return millis(y, mo, d, 0, 0, 0, 0, offsetMinutes: 0) }
        guard b.count >= 16, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "t"),
            let h = digits(b, 11, 2), b[13] == UInt8(ascii: ":"), let mi = digits(b, 14, 2)
        else { return nil }
        var i = 16
        var s: Int64 = 0
        var ms: Int64 = 0
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let sv = digits(b, i + 1, 2) else { return nil }
            s = sv
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                var scale: Int64 = 100
                let start = i
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    if scale > 0 { ms += Int64(b[i] - 48) * scale; scale /= 10 }
                    i += 1
                }
                if i == start { return nil }
            }
        }
        guard let off = zone(b, i) else { return nil }
        return millis(y, mo, d, h, mi, s, ms, offsetMinutes: off)
    }

    private static let months: [String: Int64] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
        "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]

    private static func month(_ b: [UInt8], _ i: Int) -> Int64? {
        guard i + 3 <= b.count else { return nil }
        return months[String(decoding: b[i..<(i + 3)], as: UTF8.self).lowercased()]
    }

    /// `Thu, 20 Nov 2026 10:00:00 +0000` (the weekday is optional).
    private static func parseRFC2822(_ b: [UInt8]) -> Int64? {
        var i = 0
        if let comma = b.firstIndex(of: UInt8(ascii: ",")), comma <= 9 { i = comma + 1 }
        while i < b.count, b[i] == 32 { i += 1 }
        var dayLen = 0
        while i + dayLen < b.count, b[i + dayLen] >= 48, b[i + dayLen] <= 57 { dayLen += 1 }
        guard dayLen == 1 || dayLen == 2, let d = digits(b, i, dayLen) else { return nil }
        i += dayLen + 1
        guard let mo = month(b, i) else { return nil }
        i += 4
        guard let y = digits(b, i, 4) else { return nil }
        i += 5
        guard let h = digits(b, i, 2), i + 8 <= b.count, b[i + 2] == UInt8(ascii: ":"), let mi = digits(b, i + 3, 2),
            b[i + 5] == UInt8(ascii: ":"), let s = digits(b, i + 6, 2)
        else { return nil }
        i += 8
        guard let off = zone(b, i) else { return nil }
        return millis(y, mo, d, h, mi, s, 0, offsetMinutes: off)
    }

    /// `10/Oct/2026:13:55:36 +0000` as written by nginx and Apache.
    private static func parseAccessLog(_ b: [UInt8]) -> Int64? {
        guard b.count >= 20, let d = digits(b, 0, 2), b[2] == UInt8(ascii: "/"), let mo = month(b, 3),
            b[6] == UInt8(ascii: "/"), let y = digits(b, 7, 4), b[11] == UInt8(ascii: ":"),
            let h = digits(b, 12, 2), let mi = digits(b, 15, 2), let s = digits(b, 18, 2)
        else { return nil }
        guard let off = zone(b, 20) else { return nil }
        return millis(y, mo, d, h, mi, s, 0, offsetMinutes: off)
    }
}
