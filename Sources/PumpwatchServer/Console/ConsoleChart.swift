import PumpwatchCore
import PumpwatchStore

/// Draws the console's timeline: alerts raised per hour over the last hours, one column per hour
/// stacked by severity, as inline SVG that scales with its container.
enum ConsoleChart {
    /// The hours the timeline shows, ending with the current hour.
    static let hours = 72

    /// Counts per hour and severity rank (0 `info` to 4 `critical`) of the alerts created in the
    /// `hours` hours up to `now`: index 0 is the oldest hour.
    static func buckets(_ alerts: [AlertRecord], now: Int64) -> [[Int]] {
        let hour: Int64 = 3_600_000
        let end = (now / hour + 1) * hour
        let start = end - Int64(hours) * hour
        var counts = Array(repeating: Array(repeating: 0, count: AlertSeverity.ordered.count), count: hours)
        for alert in alerts where alert.createdAt >= start && alert.createdAt < end {
            let slot = Int((alert.createdAt - start) / hour)
            let rank = AlertSeverity.rank(of: alert.draft.severity) ?? 0
            counts[slot][rank] += 1
        }
        return counts
    }

    /// The SVG of `buckets` (from `buckets(_:now:)`) for the hours ending at `now`.
    static func timeline(_ buckets: [[Int]], now: Int64) -> String {
        let width = 1100.0, height = 190.0
        let left = 44.0, right = 1090.0, top = 12.0, bottom = 150.0
        let hour: Int64 = 3_600_000
        let end = (now / hour + 1) * hour
        let start = end - Int64(buckets.count) * hour
        let totals = buckets.map { $0.reduce(0, +) }
        let maxTotal = max(1, totals.max() ?? 1)
        let columnWidth = (right - left) / Double(max(1, buckets.count))
        let title = "Alerts raised per hour, last \(buckets.count) hours"
        var s = "<svg class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(title)\"><title>\(title)</title>"
        s += "<line class=\"grid\" x1=\"\(n(left))\" x2=\"\(n(right))\" y1=\"\(n(top))\" y2=\"\(n(top))\"></line>"
        s += "<line class=\"axis\" x1=\"\(n(left))\" x2=\"\(n(right))\" y1=\"\(n(bottom))\" y2=\"\(n(bottom))\"></line>"
        s += "<text class=\"label\" x=\"\(n(left - 6))\" y=\"\(n(top + 4))\" text-anchor=\"end\">\(maxTotal)</text>"
        s += "<text class=\"label\" x=\"\(n(left - 6))\" y=\"\(n(bottom + 4))\" text-anchor=\"end\">0</text>"
        for (i, counts) in buckets.enumerated() where totals[i] > 0 {
            let x = left + Double(i) * columnWidth + 1
            var y = bottom
            let hourStart = start + Int64(i) * hour
            let iso = Timestamp.iso8601(millis: hourStart)
            let label = String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(2)) + ":00 UTC"
            s += "<g><title>\(label): \(totals[i]) alert\(totals[i] == 1 ? "" : "s")</title>"
            for rank in counts.indices where counts[rank] > 0 {
                let h = (bottom - top) * Double(counts[rank]) / Double(maxTotal)
                y -= h
                let severity = AlertSeverity.ordered[rank]
                s += "<rect class=\"sev-\(severity)\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(1, columnWidth - 2)))\" height=\"\(n(h))\"></rect>"
            }
            s += "</g>"
        }
        // A label every 12 hours, on the hour boundaries.
        for i in stride(from: 0, through: buckets.count, by: 12) {
            let t = start + Int64(i) * hour
            let iso = Timestamp.iso8601(millis: t)
            let text = String(iso.dropFirst(5).prefix(5)) + " " + String(iso.dropFirst(11).prefix(5))
            let x = left + Double(i) * columnWidth
            let anchor = i == 0 ? "start" : (i == buckets.count ? "end" : "middle")
            s += "<line class=\"tick\" x1=\"\(n(x))\" x2=\"\(n(x))\" y1=\"\(n(bottom))\" y2=\"\(n(bottom + 4))\"></line>"
            s += "<text class=\"label\" x=\"\(n(x))\" y=\"\(n(bottom + 18))\" text-anchor=\"\(anchor)\">\(text)</text>"
        }
        s += "<text class=\"note\" x=\"\(n(right))\" y=\"\(n(bottom + 34))\" text-anchor=\"end\">UTC</text>"
        return s + "</svg>"
    }

    /// A coordinate with at most one decimal.
    static func n(_ d: Double) -> String {
        guard d.isFinite else { return "0" }
        let tenths = Int((d * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let m = abs(tenths)
        return m % 10 == 0 ? "\(sign)\(m / 10)" : "\(sign)\(m / 10).\(m % 10)"
    }
}
