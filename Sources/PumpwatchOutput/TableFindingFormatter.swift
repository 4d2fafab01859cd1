import PumpwatchCore
import PumpwatchDetect

/// Prints findings for a person at an 80-column terminal, in the order given (ranked), then a
/// summary of the hunt.
///
/// Each finding is a block: a header (`CRITICAL 99  rule-id  2026-11-22 10:00–10:42  ×1200`), the
/// title, the summary wrapped, `entities:` and `evidence:` as `name=value` pairs with long values
/// shortened in the middle, the source files, and a blank line. No line is wider than 80 columns
/// and no control character from a log reaches the terminal. Times are UTC.
public enum TableFindingFormatter {
    /// The widest line printed.
    public static let lineLimit = 80
    /// The width the summary and the pair lists are wrapped to.
    public static let wrapLimit = 78
    /// The widest value shown in a `name=value` pair.
    static let valueLimit = 56
    static let nameLimit = 34

    public static func render(_ findings: [Finding], summary: HuntSummary) -> String {
        var lines: [String] = []
        if findings.isEmpty {
            lines.append("No findings.")
            lines.append("")
        }
        for f in findings { lines += block(f) }
        lines += summaryBlock(summary)
        return lines.map { TerminalText.clip($0, to: lineLimit) }.joined(separator: "\n") + "\n"
    }

    /// The lines of one finding, ending with a blank line.
    static func block(_ f: Finding) -> [String] {
        var lines: [String] = []
        lines.append(header(f))
        lines.append(TerminalText.clip(clean(f.title), to: lineLimit))
        let text = clean(f.summary)
        if !text.isEmpty { lines += TerminalText.wrap(text, limit: wrapLimit, first: "  ", rest: "  ") }
        if !f.entities.isEmpty { lines += pairLines("entities:", f.entities) }
        if !f.evidence.isEmpty { lines += pairLines("evidence:", f.evidence) }
        if !f.sources.isEmpty {
            let files = f.sources.map { TerminalText.clipMiddle(clean($0), to: wrapLimit - 12) }
            lines += TerminalText.flow(files, limit: wrapLimit, first: "  sources:  ", rest: String(repeating: " ", count: 12))
        }
        lines.append("")
        return lines
    }

    /// `CRITICAL 99  rule-id  2026-11-22 10:00–10:42  ×1200`; a long rule id is shortened so the
    /// time range and count stay on the line.
    static func header(_ f: Finding) -> String {
        let lead = f.severity.rawValue.uppercased().padding(8) + " " + String(f.riskScore).padding(2) + "  "
        var tail = ""
        if let range = timeRange(f.firstSeen, f.lastSeen) { tail += "  " + range }
        tail += "  ×" + String(f.count)
        let room = lineLimit - TerminalText.width(lead) - TerminalText.width(tail)
        let rule = TerminalText.clipMiddle(clean(f.ruleID), to: max(12, room))
        return TerminalText.clip(lead + rule + tail, to: lineLimit)
    }

    /// `name=value` pairs flowed under a label, values clipped in the middle.
    static func pairLines(_ label: String, _ pairs: [(String, Value)]) -> [String] {
        let room = wrapLimit - 12
        let items = pairs.map { name, value in
            let key = TerminalText.clipMiddle(clean(name), to: nameLimit)
            let limit = max(8, min(valueLimit, room - TerminalText.width(key) - 1))
            return key + "=" + TerminalText.clipMiddle(clean(display(value)).trimmingSpaces(), to: limit)
        }
        let first = "  " + label.padding(10)
        return TerminalText.flow(items, limit: wrapLimit, first: first, rest: String(repeating: " ", count: 12))
    }

    /// The summary of the hunt, one fact per line.
    static func summaryBlock(_ s: HuntSummary) -> [String] {
        var lines = ["Summary"]
        func row(_ label: String, _ head: String, _ parts: [String] = []) {
            let first = "  " + label.padding(12)
            let items = parts.isEmpty ? [head] : [head] + parts
            lines += TerminalText.flow(items, limit: wrapLimit, first: first, rest: String(repeating: " ", count: 14))
        }
        row("files", TerminalText.grouped(s.filesRead))
        row("events", TerminalText.grouped(s.eventsRead), s.eventCounts.map { "\($0.0.rawValue) \(TerminalText.grouped($0.1))" })
        row("malformed", TerminalText.grouped(s.malformed))
        row("rules", TerminalText.grouped(s.rulesRun))
        row("findings", TerminalText.grouped(s.findingsTotal), s.severityCounts.map { "\($0.0.rawValue) \($0.1)" })
        row("suppressed", TerminalText.grouped(s.suppressedTotal), s.suppressionCounts.map { "\(clean($0.0)) \(TerminalText.grouped($0.1))" })
        if let first = s.firstEvent, let last = s.lastEvent {
            row("time range", minute(first) + " – " + minute(last) + " UTC")
        }
        row("elapsed", elapsed(s.elapsedSeconds))
        return lines
    }

    /// `2026-11-22 10:00–10:42`; seconds when the range is within one minute; both dates when it
    /// spans days.
    static func timeRange(_ first: Int64?, _ last: Int64?) -> String? {
        switch (first, last) {
        case (nil, nil): return nil
        case (let t?, nil), (nil, let t?): return minute(t)
        case (let a?, let b?):
            let sa = Timestamp.iso8601(millis: a), sb = Timestamp.iso8601(millis: b)
            if sa.prefix(16) == sb.prefix(16) {
                if sa.prefix(19) == sb.prefix(19) { return String(sa.prefix(10)) + " " + String(sa.dropFirst(11).prefix(8)) }
                return String(sa.prefix(10)) + " " + String(sa.dropFirst(11).prefix(8)) + "–" + String(sb.dropFirst(11).prefix(8))
            }
            if sa.prefix(10) == sb.prefix(10) { return minute(a) + "–" + String(sb.dropFirst(11).prefix(5)) }
            return minute(a) + "–" + minute(b)
        }
    }

    /// `2026-11-22 10:00`.
    static func minute(_ t: Int64) -> String {
        let s = Timestamp.iso8601(millis: t)
        return String(s.prefix(10)) + " " + String(s.dropFirst(11).prefix(5))
    }

    static func elapsed(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "-" }
        if seconds < 10 {
            let tenths = Int((seconds * 10).rounded())
            return "\(tenths / 10).\(tenths % 10) s"
        }
        if seconds < 120 { return "\(Int(seconds.rounded())) s" }
        let whole = Int(seconds.rounded())
        return "\(whole / 60) min \(whole % 60) s"
    }

    /// A value as a person reads it: multi-values joined with `,`, null as `-`.
    static func display(_ v: Value) -> String {
        switch v {
        case .null: return "-"
        case .array(let a): return a.map(display).joined(separator: ",")
        default: return v.stringValue ?? "-"
        }
    }

    static func clean(_ s: String) -> String { TerminalText.sanitize(s) }
}

extension String {
    /// The string padded with spaces on the right to `width` columns.
    func padding(_ width: Int) -> String {
        let w = TerminalText.width(self)
        return w >= width ? self : self + String(repeating: " ", count: width - w)
    }
}
