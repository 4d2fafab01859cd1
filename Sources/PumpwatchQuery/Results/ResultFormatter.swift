import PumpwatchCore

/// Prints result rows as a table, a JSON array, NDJSON or CSV, with the query's own column names.
public enum ResultFormatter {
    /// The header for a result set: each row's columns in order of first appearance.
    public static func columns(of rows: [Row]) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for r in rows {
            for n in r.orderedNames where seen.insert(n).inserted { out.append(n) }
        }
        return out
    }

    public static func render(_ rows: [Row], as format: ResultFormat, maxWidth: Int = 40) -> String {
        switch format {
        case .ndjson:
            return rows.map { JSONWriter.object($0.orderedPairs) + "\n" }.joined()
        case .json:
            return "[" + rows.map { JSONWriter.object($0.orderedPairs) }.joined(separator: ",\n ") + "]\n"
        case .csv:
            let cols = columns(of: rows)
            var out = cols.map(csvField).joined(separator: ",") + "\n"
            for r in rows {
                out += cols.map { csvField(text(r.values[$0])) }.joined(separator: ",") + "\n"
            }
            return out
        case .table:
            return table(rows, maxWidth: maxWidth)
        }
    }

    /// The printed form of a cell: multi-values joined with `, `; null empty.
    public static func text(_ v: Value?) -> String {
        guard let v else { return "" }
        switch v {
        case .null: return ""
        case .array(let a): return a.map { text($0) }.joined(separator: ", ")
        default: return v.stringValue ?? ""
        }
    }

    static func csvField(_ s: String) -> String {
        if s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    static func table(_ rows: [Row], maxWidth: Int) -> String {
        let cols = columns(of: rows)
        if cols.isEmpty { return "(no rows)\n" }
        func clip(_ s: String) -> String {
            let flat = s.replacingOccurrences(of: "\n", with: "⏎")
            return flat.count > maxWidth ? String(flat.prefix(maxWidth - 1)) + "…" : flat
        }
        let cells = rows.map { r in cols.map { clip(text(r.values[$0])) } }
        var widths = cols.map { min(maxWidth, $0.count) }
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ items: [String]) -> String {
            zip(items, widths).map { $0 + String(repeating: " ", count: max(0, $1 - $0.count)) }.joined(separator: "  ")
                .trimmingTrailingSpaces() + "\n"
        }
        var out = line(cols.map(clip))
        out += line(widths.map { String(repeating: "-", count: $0) })
        for row in cells { out += line(row) }
        out += "(\(rows.count) row\(rows.count == 1 ? "" : "s"))\n"
        return out
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
