/// The lengths of national significant numbers by country.
///
/// From the data file `national-number-lengths.tsv`: a number outside its country's range is
/// malformed.
public struct NationalNumberLengths: Sendable {
    private var ranges: [ClosedRange<Int>?]

    /// The table in the guard's data files.
    public static let standard: NationalNumberLengths = {
        guard let text = GuardDataFile.text(named: "national-number-lengths.tsv") else { return NationalNumberLengths(ranges: [:]) }
        return NationalNumberLengths(tsv: text)
    }()

    /// A table from ranges by country (`GB`, `+881`).
    public init(ranges: [String: ClosedRange<Int>]) {
        self.ranges = Array(repeating: nil, count: CountryKey.count)
        for (c, r) in ranges { if let k = CountryKey(c) { self.ranges[k.index] = r } }
    }

    /// A table from tab-separated text (`iso<TAB>min<TAB>max`); bad rows are skipped.
    public init(tsv: String) {
        var map: [String: ClosedRange<Int>] = [:]
        for (_, cells) in GuardDataFile.rows(tsv) where cells.count >= 3 {
            if let lo = Int(cells[1]), let hi = Int(cells[2]), lo <= hi { map[cells[0]] = lo...hi }
        }
        self.init(ranges: map)
    }

    /// The range for `country`, when listed.
    func range(for country: CountryKey) -> ClosedRange<Int>? {
        ranges[country.index]
    }

    /// How many countries are listed.
    public var count: Int { ranges.lazy.filter { $0 != nil }.count }
}
