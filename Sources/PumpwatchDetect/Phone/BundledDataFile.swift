import Foundation

/// Reads the data files shipped in the package's `Resources/Data` folder (`calling-codes.tsv`,
/// `high-risk-prefixes.tsv`).
enum BundledDataFile {
    /// The text of the data file `name`, or `nil` when the resource bundle lacks it.
    static func text(named name: String) -> String? {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Data")
            ?? Bundle.module.url(forResource: name, withExtension: nil)
        else { return nil }
        return try? String(contentsOf: url, encoding: .utf8)
    }

    /// The rows of tab-separated text: lines split at tabs, cells trimmed, without blank lines,
    /// `#` comments and a header row (one whose first cell has no digit). Each row keeps its 1-based line.
    static func rows(_ text: String) -> [(line: Int, cells: [String])] {
        var out: [(Int, [String])] = []
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let trimmed = String(line).trimmingSpaces()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
            if out.isEmpty, let first = cells.first, !first.contains(where: \.isNumber) { continue }
            out.append((lineNumber, cells))
        }
        return out
    }
}
