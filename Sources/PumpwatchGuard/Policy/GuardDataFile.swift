import Foundation

/// Reads the data files shipped with the guard.
///
/// From the target's `Resources/Data` folder: `national-number-lengths.tsv` and `sms-prices.tsv`.
enum GuardDataFile {
    /// The text of `name`, or `nil` when the resource bundle lacks it.
    static func text(named name: String) -> String? {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Data")
            ?? Bundle.module.url(forResource: name, withExtension: nil)
        else { return nil }
        return try? String(contentsOf: url, encoding: .utf8)
    }

    /// The rows of tab-separated text, each with its 1-based line.
    ///
    /// Blank lines, `#` comments and the header row (the first row whose second cell has no digit)
    /// are left out.
    static func rows(_ text: String) -> [(line: Int, cells: [String])] {
        var out: [(Int, [String])] = []
        var lineNumber = 0
        var sawHeader = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: " ") }
            guard let first = cells.first, !first.isEmpty, !first.hasPrefix("#") else { continue }
            if !sawHeader, cells.count > 1, !cells[1].contains(where: \.isNumber) {
                sawHeader = true
                continue
            }
            out.append((lineNumber, cells))
        }
        return out
    }
}
