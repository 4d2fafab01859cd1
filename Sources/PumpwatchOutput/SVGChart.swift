import PumpwatchCore

/// Draws the report's charts as inline SVG: horizontal bar charts for rankings and column charts
/// for activity over time. Every text is escaped; the drawings scale with their container.
enum SVGChart {
    /// One bar of a ranking.
    struct Bar {
        var label: String
        var value: Int
    }

    /// A horizontal bar chart: a label column, bars scaled to the largest value and the value after
    /// each bar. Long labels are shortened in the middle; the full text is in a tooltip.
    static func bars(_ bars: [Bar], title: String, cssClass: String) -> String {
        let width = 360.0
        let labelWidth = 150.0
        let valueWidth = 50.0
        let rowHeight = 22.0
        let top = 6.0
        let height = top + Double(bars.count) * rowHeight + 6
        let maxValue = Double(bars.map(\.value).max() ?? 1)
        let plotWidth = width - labelWidth - valueWidth
        var s = svgOpen(width: width, height: height, cssClass: "chart bars \(cssClass)", title: title)
        for (i, bar) in bars.enumerated() {
            let y = top + Double(i) * rowHeight
            let length = maxValue > 0 ? max(2, plotWidth * Double(bar.value) / maxValue) : 2
            let label = TerminalText.clipMiddle(bar.label, to: 24)
            s += "<g><title>\(HTMLText.escape(bar.label)): \(TerminalText.grouped(bar.value))</title>"
            s += "<text class=\"label\" x=\"\(n(labelWidth - 8))\" y=\"\(n(y + rowHeight / 2 + 4))\" text-anchor=\"end\">\(HTMLText.escape(label))</text>"
            s += "<rect class=\"bar\" x=\"\(n(labelWidth))\" y=\"\(n(y + 4))\" width=\"\(n(length))\" height=\"\(n(rowHeight - 8))\" rx=\"2\"></rect>"
            s += "<text class=\"value\" x=\"\(n(labelWidth + length + 6))\" y=\"\(n(y + rowHeight / 2 + 4))\">\(TerminalText.grouped(bar.value))</text></g>"
        }
        return s + "</svg>"
    }

    /// A column chart of counts per time bucket, with the finding's first–last seen span shaded.
    static func timeline(_ buckets: [(Int64, Int)], firstSeen: Int64?, lastSeen: Int64?, title: String) -> String {
        var sorted = buckets.filter { $0.1 >= 0 }.sorted { $0.0 < $1.0 }
        guard let firstBucket = sorted.first, let lastBucket = sorted.last else {
            return span(firstSeen: firstSeen, lastSeen: lastSeen, axis: nil, title: title)
        }
        var step: Int64 = .max
        for i in sorted.indices.dropFirst() {
            let d = sorted[i].0 - sorted[i - 1].0
            if d > 0 { step = min(step, d) }
        }
        if step == .max { step = 60_000 }
        if let merged = merge(sorted, step: step) { (sorted, step) = merged }
        var start = firstBucket.0
        var end = lastBucket.0 + step
        if let firstSeen { start = min(start, firstSeen) }
        if let lastSeen { end = max(end, lastSeen) }
        let g = Geometry(start: start, end: end)
        let maxCount = max(1, sorted.map(\.1).max() ?? 1)
        var s = svgOpen(width: g.width, height: g.height, cssClass: "chart timeline", title: title)
        if let firstSeen, let lastSeen, lastSeen >= firstSeen {
            let x0 = g.x(firstSeen), x1 = max(g.x(lastSeen), x0 + 1)
            s += "<rect class=\"seen\" x=\"\(n(x0))\" y=\"\(n(g.top))\" width=\"\(n(x1 - x0))\" height=\"\(n(g.plotHeight))\"></rect>"
        }
        s += g.frame(yMax: maxCount)
        let columnWidth = max(1, g.x(start + step) - g.x(start) - 1)
        for (t, count) in sorted where count > 0 {
            let h = g.plotHeight * Double(count) / Double(maxCount)
            s += "<rect class=\"bar\" x=\"\(n(g.x(t)))\" y=\"\(n(g.bottom - h))\" width=\"\(n(columnWidth))\" height=\"\(n(h))\"><title>\(HTMLText.escape(Timestamp.iso8601(millis: t))): \(TerminalText.grouped(count))</title></rect>"
        }
        s += g.timeLabels()
        return s + "</svg>"
    }

    /// The most columns a timeline draws; finer buckets are merged.
    static let maxColumns = 240

    /// Buckets summed into wider ones when there are more than `maxColumns` steps between the
    /// first and the last; nil when they already fit.
    private static func merge(_ buckets: [(Int64, Int)], step: Int64) -> ([(Int64, Int)], Int64)? {
        guard let first = buckets.first?.0, let last = buckets.last?.0 else { return nil }
        let steps = (last - first) / step + 1
        guard steps > Int64(maxColumns) else { return nil }
        let factor = (steps + Int64(maxColumns) - 1) / Int64(maxColumns)
        let wide = step * factor
        var out: [(Int64, Int)] = []
        for (t, count) in buckets {
            let slot = first + (t - first) / wide * wide
            if let lastSlot = out.last, lastSlot.0 == slot {
                out[out.count - 1].1 += count
            } else {
                out.append((slot, count))
            }
        }
        return (out, wide)
    }

    /// The first–last seen span of a finding drawn on a time axis, for findings without buckets.
    /// `axis` is the hunt's time range; without it the span is padded on both sides.
    static func span(firstSeen: Int64?, lastSeen: Int64?, axis: (Int64, Int64)?, title: String) -> String {
        guard let a = firstSeen ?? lastSeen, let b = lastSeen ?? firstSeen else {
            var s = svgOpen(width: 560, height: 60, cssClass: "chart timeline", title: title)
            s += "<text class=\"note\" x=\"280\" y=\"34\" text-anchor=\"middle\">no time information in this finding</text>"
            return s + "</svg>"
        }
        let lo = min(a, b), hi = max(a, b)
        var start: Int64, end: Int64
        if let axis, axis.0 <= lo, axis.1 >= hi, axis.1 > axis.0 {
            (start, end) = axis
        } else {
            let pad = max((hi - lo) / 5, 5 * 60_000)
            (start, end) = (lo - pad, hi + pad)
        }
        if end <= start { end = start + 60_000 }
        let g = Geometry(start: start, end: end)
        var s = svgOpen(width: g.width, height: g.height, cssClass: "chart timeline span", title: title)
        let x0 = min(g.x(lo), g.right - 6), x1 = max(g.x(hi), x0 + 6)
        s += g.axisLine()
        s += "<rect class=\"bar\" x=\"\(n(x0))\" y=\"\(n(g.top + 34))\" width=\"\(n(x1 - x0))\" height=\"40\" rx=\"3\"><title>\(HTMLText.escape(Timestamp.iso8601(millis: lo))) – \(HTMLText.escape(Timestamp.iso8601(millis: hi)))</title></rect>"
        s += "<line class=\"tick\" x1=\"\(n(x0))\" x2=\"\(n(x0))\" y1=\"\(n(g.top + 26))\" y2=\"\(n(g.bottom))\"></line>"
        s += "<line class=\"tick\" x1=\"\(n(x1))\" x2=\"\(n(x1))\" y1=\"\(n(g.top + 26))\" y2=\"\(n(g.bottom))\"></line>"
        let firstLabel = "first seen " + clock(lo)
        let lastLabel = "last seen " + clock(hi)
        if x1 - x0 > 150 {
            s += "<text class=\"label\" x=\"\(n(x0))\" y=\"\(n(g.top + 20))\" text-anchor=\"start\">\(HTMLText.escape(firstLabel))</text>"
            s += "<text class=\"label\" x=\"\(n(x1))\" y=\"\(n(g.top + 20))\" text-anchor=\"end\">\(HTMLText.escape(lastLabel))</text>"
        } else {
            let mid = (x0 + x1) / 2
            let anchor = mid < g.left + 120 ? "start" : (mid > g.right - 120 ? "end" : "middle")
            let text = lo == hi ? "seen " + clock(lo) : firstLabel + " · " + lastLabel
            s += "<text class=\"label\" x=\"\(n(mid))\" y=\"\(n(g.top + 20))\" text-anchor=\"\(anchor)\">\(HTMLText.escape(text))</text>"
        }
        s += "<text class=\"note\" x=\"\(n(g.right))\" y=\"\(n(g.top + 4))\" text-anchor=\"end\">span on the hunt's time axis</text>"
        s += g.timeLabels()
        return s + "</svg>"
    }

    /// Plot geometry shared by the time charts: a fixed drawing size that scales with its container.
    private struct Geometry {
        let start: Int64
        let end: Int64
        let width = 560.0
        let height = 160.0
        let left = 44.0
        let right = 548.0
        let top = 10.0
        let bottom = 122.0
        var plotHeight: Double { bottom - top }

        func x(_ t: Int64) -> Double {
            let span = Double(max(1, end - start))
            return left + (right - left) * Double(t - start) / span
        }

        func axisLine() -> String {
            "<line class=\"axis\" x1=\"\(n(left))\" x2=\"\(n(right))\" y1=\"\(n(bottom))\" y2=\"\(n(bottom))\"></line>"
        }

        func frame(yMax: Int) -> String {
            var s = axisLine()
            s += "<line class=\"grid\" x1=\"\(n(left))\" x2=\"\(n(right))\" y1=\"\(n(top))\" y2=\"\(n(top))\"></line>"
            s += "<text class=\"label\" x=\"\(n(left - 6))\" y=\"\(n(top + 4))\" text-anchor=\"end\">\(TerminalText.grouped(yMax))</text>"
            s += "<text class=\"label\" x=\"\(n(left - 6))\" y=\"\(n(bottom + 4))\" text-anchor=\"end\">0</text>"
            return s
        }

        /// Start, middle and end times under the axis; dates only when the range spans days.
        func timeLabels() -> String {
            let multiDay = end - start >= 86_400_000 || Timestamp.iso8601(millis: start).prefix(10) != Timestamp.iso8601(millis: end).prefix(10)
            let seconds = end - start < 10 * 60_000
            func label(_ t: Int64) -> String {
                let iso = Timestamp.iso8601(millis: t)
                let clock = String(iso.dropFirst(11).prefix(seconds ? 8 : 5))
                return multiDay ? String(iso.dropFirst(5).prefix(5)) + " " + clock : clock
            }
            let y = n(bottom + 18)
            var s = "<text class=\"label\" x=\"\(n(left))\" y=\"\(y)\" text-anchor=\"start\">\(label(start))</text>"
            s += "<text class=\"label\" x=\"\(n((left + right) / 2))\" y=\"\(y)\" text-anchor=\"middle\">\(label(start + (end - start) / 2))</text>"
            s += "<text class=\"label\" x=\"\(n(right))\" y=\"\(y)\" text-anchor=\"end\">\(label(end))</text>"
            s += "<text class=\"note\" x=\"\(n(right))\" y=\"\(n(bottom + 28 + 4))\" text-anchor=\"end\">UTC</text>"
            return s
        }
    }

    private static func svgOpen(width: Double, height: Double, cssClass: String, title: String) -> String {
        "<svg class=\"\(cssClass)\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\"><title>\(HTMLText.escape(title))</title>"
    }

    /// `HH:MM` or `HH:MM:SS` of a time, seconds when they are not zero.
    private static func clock(_ t: Int64) -> String {
        let iso = Timestamp.iso8601(millis: t)
        let hms = iso.dropFirst(11).prefix(8)
        return hms.hasSuffix(":00") ? String(hms.prefix(5)) : String(hms)
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
