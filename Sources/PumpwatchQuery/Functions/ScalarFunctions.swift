import Foundation
import PumpwatchCore

/// The scalar functions both query languages call, by canonical lower-case name.
///
/// Null in gives null out, except for `coalesce`, `concat` in CQL and the multi-value helpers.
public enum ScalarFunctions {
    /// Every name `call` implements; front ends report anything else as unsupported.
    public static let names: Set<String> = [
        "lower", "upper", "length", "concat", "replace", "starts_with", "ends_with", "substring", "split", "trim",
        "to_string", "to_long", "to_double", "to_boolean", "to_datetime", "to_ip", "coalesce", "now", "date_trunc",
        "date_diff", "date_format", "date_extract", "format", "format_time", "cidr_match", "abs", "round", "floor", "ceil",
        "mv_first", "mv_last", "mv_count", "mv_min", "mv_max", "mv_dedupe", "mv_concat", "greatest", "least", "ip_prefix",
    ]

    static func call(_ name: String, _ args: [Expression], _ row: Row, _ ev: ExpressionEvaluator) -> Value {
        func arg(_ i: Int) -> Value { i < args.count ? ev.evaluate(args[i], row) : .null }
        func text(_ i: Int) -> String? { ev.scalarText(arg(i)) }
        switch name {
        case "now": return .date(ev.context.nowMillis)
        case "lower": return mapText(arg(0), ev) { $0.lowercased() }
        case "upper": return mapText(arg(0), ev) { $0.uppercased() }
        case "trim": return mapText(arg(0), ev) { $0.trimmingSpaces() }
        case "length": return text(0).map { .int(Int64($0.count)) } ?? .null
        case "concat":
            var out = ""
            for i in 0..<args.count {
                guard let s = text(i) else {
                    if ev.context.dialect == .cql { continue }
                    return .null
                }
                out += s
            }
            return .string(out)
        case "replace":
            guard let s = text(0), let re = text(1), let rep = text(2) else { return .null }
            guard let r = ev.regexes.regex(re, caseInsensitive: false, anchored: false) else { return .null }
            let template = rep.replacingOccurrences(of: "\\", with: "\\\\")
            return .string(r.replacingMatches(in: s, with: template))
        case "starts_with":
            guard let s = text(0), let p = text(1) else { return .null }
            return .bool(s.hasPrefix(p))
        case "ends_with":
            guard let s = text(0), let p = text(1) else { return .null }
            return .bool(s.hasSuffix(p))
        case "substring":
            guard let s = text(0), let start = arg(1).intValue else { return .null }
            let chars = Array(s)
            var from = Int(start) - 1
            if start < 0 { from = max(0, chars.count + Int(start)) }
            from = max(0, min(from, chars.count))
            var len = chars.count - from
            if args.count > 2 {
                guard let l = arg(2).intValue else { return .null }
                len = max(0, min(Int(l), chars.count - from))
            }
            return .string(String(chars[from..<(from + len)]))
        case "split":
            guard let s = text(0), let d = text(1), !d.isEmpty else { return .null }
            let parts = s.components(separatedBy: d).map { Value.string($0) }
            return parts.count == 1 ? parts[0] : .array(parts)
        case "to_string": return convert(arg(0), to: .string)
        case "to_long": return convert(arg(0), to: .long)
        case "to_double": return convert(arg(0), to: .double)
        case "to_boolean": return convert(arg(0), to: .boolean)
        case "to_datetime": return convert(arg(0), to: .datetime)
        case "to_ip": return convert(arg(0), to: .ip)
        case "coalesce":
            for i in 0..<args.count {
                let v = arg(i)
                if !v.isNull { return v }
            }
            return .null
        case "date_trunc":
            guard case .timeSpan(let span)? = args.first else { return .null }
            guard let ms = ev.dateMillis(arg(1)) ?? numericDate(arg(1)) else { return .null }
            return .date(DateMath.truncate(ms, to: span))
        case "date_diff":
            guard let unit = text(0).flatMap(TimeSpan.unit(named:)), let a = ev.dateMillis(arg(1)), let b = ev.dateMillis(arg(2)) else { return .null }
            let span = TimeSpan(amount: 1, unit: unit).milliseconds
            return .int((b - a) / span)
        case "date_extract":
            guard let part = text(0)?.lowercased(), let ms = ev.dateMillis(arg(1)) else { return .null }
            let days = DateMath.floorDiv(ms, 86_400_000)
            let (y, m, d) = Timestamp.civil(fromDays: days)
            let msOfDay = ms - days * 86_400_000
            switch part {
            case "year": return .int(y)
            case "month_of_year": return .int(m)
            case "day_of_month": return .int(d)
            case "hour_of_day": return .int(msOfDay / 3_600_000)
            case "minute_of_hour": return .int((msOfDay / 60_000) % 60)
            case "day_of_week": return .int((DateMath.floorDiv(days + 3, 7) * -7 + days + 3) + 1)
            default: return .null
            }
        case "date_format":
            if args.count == 1 { return ev.dateMillis(arg(0)).map { .string(Timestamp.iso8601(millis: $0)) } ?? .null }
            guard let f = text(0), let ms = ev.dateMillis(arg(1)) ?? numericDate(arg(1)) else { return .null }
            return .string(formatTime(ms, javaPattern: f))
        case "format_time":
            guard let f = text(0), let ms = ev.dateMillis(arg(1)) ?? numericDate(arg(1)) else { return .null }
            return .string(formatTime(ms, strftime: f))
        case "format":
            guard let f = text(0) else { return .null }
            return .string(printf(f, (1..<max(1, args.count)).map { arg($0) }))
        case "cidr_match":
            guard let ip = text(0) else { return .null }
            for i in 1..<max(1, args.count) {
                for block in arg(i).elements.compactMap(\.stringValue) where IPAddress.cidrContains(block, ip) { return .bool(true) }
            }
            return .bool(false)
        case "ip_prefix":
            guard let ip = text(0), let bits = arg(1).intValue else { return .null }
            return IPAddress.prefix(ip, bits: Int(bits)).map { .string($0) } ?? .null
        case "abs":
            switch arg(0) {
            case .int(let i): return .int(abs(i))
            case let v: return v.doubleValue.map { .double(abs($0)) } ?? .null
            }
        case "round", "floor", "ceil":
            let v = arg(0)
            if case .int = v { return v }
            guard let d = v.doubleValue else { return .null }
            let digits = args.count > 1 ? Int(arg(1).intValue ?? 0) : 0
            let scale = pow(10.0, Double(digits))
            let rule: FloatingPointRoundingRule = name == "round" ? .toNearestOrAwayFromZero : (name == "floor" ? .down : .up)
            let r = (d * scale).rounded(rule) / scale
            return digits == 0 && abs(r) < 9e18 ? .int(Int64(r)) : .double(r)
        case "mv_first": return arg(0).elements.first ?? .null
        case "mv_last": return arg(0).elements.last ?? .null
        case "mv_count": let v = arg(0); return v.isNull ? .null : .int(Int64(v.elements.count))
        case "mv_min", "least":
            let all = name == "least" ? (0..<args.count).flatMap { arg($0).elements } : arg(0).elements
            return all.min { ValueComparison.sortOrder($0, $1, comparison: .natural, dialect: ev.context.dialect) < 0 } ?? .null
        case "mv_max", "greatest":
            let all = name == "greatest" ? (0..<args.count).flatMap { arg($0).elements } : arg(0).elements
            return all.max { ValueComparison.sortOrder($0, $1, comparison: .natural, dialect: ev.context.dialect) < 0 } ?? .null
        case "mv_dedupe":
            var seen = Set<Value>(), out: [Value] = []
            for e in arg(0).elements where seen.insert(e).inserted { out.append(e) }
            return out.count == 1 ? out[0] : (out.isEmpty ? .null : .array(out))
        case "mv_concat":
            let v = arg(0)
            if v.isNull { return .null }
            return .string(v.elements.compactMap(\.stringValue).joined(separator: text(1) ?? ""))
        default:
            return .null
        }
    }

    static func numericDate(_ v: Value) -> Int64? {
        guard let d = v.doubleValue else { return nil }
        return Timestamp.epochToMillis(d)
    }

    /// `f` over the text of `v` (each value of an array); text as patterns read it, so a CQL date
    /// is its epoch milliseconds.
    static func mapText(_ v: Value, _ ev: ExpressionEvaluator, _ f: (String) -> String) -> Value {
        switch v {
        case .null: return .null
        case .array(let a): return .array(a.map { mapText($0, ev, f) })
        default: return ev.patternText(v).map { .string(f($0)) } ?? .null
        }
    }

    /// Converts a value to a type, giving null when it doesn't convert.
    public static func convert(_ v: Value, to type: ValueType) -> Value {
        if case .array(let a) = v { return .array(a.map { convert($0, to: type) }) }
        if v.isNull { return .null }
        switch type {
        case .string, .ip: return v.stringValue.map { .string($0) } ?? .null
        case .long, .integer:
            if case .date(let ms) = v { return .int(ms) }
            if let i = v.intValue { return .int(i) }
            if let d = v.doubleValue, d.isFinite, abs(d) < 9.2e18 { return .int(Int64(d)) }
            if case .bool(let b) = v { return .int(b ? 1 : 0) }
            return .null
        case .double:
            if case .bool(let b) = v { return .double(b ? 1 : 0) }
            return v.doubleValue.map { .double($0) } ?? .null
        case .boolean:
            switch v {
            case .bool: return v
            case .string(let s): return s.lowercased() == "true" ? .bool(true) : (s.lowercased() == "false" ? .bool(false) : .null)
            default: return v.doubleValue.map { .bool($0 != 0) } ?? .null
            }
        case .datetime:
            switch v {
            case .date: return v
            case .int(let i): return .date(i)
            case .string(let s): return Timestamp.parse(s).map { .date($0) } ?? .null
            default: return .null
            }
        }
    }

    /// `strftime`-style formatting (LogScale `formatTime`): %Y %m %d %H %M %S %L %j %y %b %a %Z %z %s %%.
    static func formatTime(_ ms: Int64, strftime f: String) -> String {
        let days = DateMath.floorDiv(ms, 86_400_000)
        let (y, m, d) = Timestamp.civil(fromDays: days)
        let msOfDay = ms - days * 86_400_000
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        func p(_ v: Int64, _ w: Int = 2) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        var out = ""
        var pct = false
        for ch in f {
            if !pct { if ch == "%" { pct = true } else { out.append(ch) }; continue }
            pct = false
            switch ch {
            case "Y": out += p(y, 4)
            case "y": out += p(y % 100)
            case "m": out += p(m)
            case "d": out += p(d)
            case "H": out += p(msOfDay / 3_600_000)
            case "M": out += p((msOfDay / 60_000) % 60)
            case "S": out += p((msOfDay / 1000) % 60)
            case "L": out += p(msOfDay % 1000, 3)
            case "j": out += p(days - Timestamp.days(year: y, month: 1, day: 1) + 1, 3)
            case "b": out += months[Int(m - 1)]
            case "a": out += weekdays[Int(((days % 7) + 7) % 7)]
            case "Z": out += "UTC"
            case "z": out += "+0000"
            case "s": out += String(DateMath.floorDiv(ms, 1000))
            case "F": out += "\(p(y, 4))-\(p(m))-\(p(d))"
            case "T": out += "\(p(msOfDay / 3_600_000)):\(p((msOfDay / 60_000) % 60)):\(p((msOfDay / 1000) % 60))"
            case "%": out += "%"
            default: out += "%" + String(ch)
            }
        }
        return out
    }

    /// Java `DateTimeFormatter`-style formatting for the common letters (yyyy MM dd HH mm ss SSS).
    static func formatTime(_ ms: Int64, javaPattern f: String) -> String {
        var s = f
        for (java, c) in [("yyyy", "%Y"), ("MM", "%m"), ("dd", "%d"), ("HH", "%H"), ("mm", "%M"), ("ss", "%S"), ("SSS", "%L")] {
            s = s.replacingOccurrences(of: java, with: c)
        }
        s = s.replacingOccurrences(of: "'T'", with: "T").replacingOccurrences(of: "'Z'", with: "Z")
        return formatTime(ms, strftime: s)
    }

    /// `printf`-style formatting (LogScale `format`): %s %d %i %f %.Nf %x %%; missing arguments print empty.
    static func printf(_ f: String, _ args: [Value]) -> String {
        var out = ""
        var i = 0
        var chars = Array(f)[...]
        while let ch = chars.popFirst() {
            guard ch == "%" else { out.append(ch); continue }
            var spec = ""
            while let c = chars.first, "0123456789.-+ ,".contains(c) { spec.append(c); chars.removeFirst() }
            guard let conv = chars.popFirst() else { out += "%" + spec; break }
            if conv == "%" { out += "%"; continue }
            let v = i < args.count ? args[i] : .null
            i += 1
            switch conv {
            case "d", "i":
                out += v.doubleValue.map { String(Int64($0)) } ?? ""
            case "f":
                if let d = v.doubleValue {
                    let digits = spec.split(separator: ".").last.flatMap { Int($0) } ?? 6
                    out += String(format: "%.\(digits)f", d)
                }
            case "x": out += v.intValue.map { String($0, radix: 16) } ?? ""
            case "X": out += v.intValue.map { String($0, radix: 16).uppercased() } ?? ""
            default: out += v.stringValue ?? ""
            }
        }
        return out
    }
}
