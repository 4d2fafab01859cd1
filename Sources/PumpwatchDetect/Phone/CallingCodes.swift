/// The ITU country calling codes: which country a phone number belongs to.
///
/// Loaded from the data file `calling-codes.tsv` (code, ISO country, name). A number's country
/// is its longest matching code, so North American numbers resolve by area code where that
/// matters (+1 876 is Jamaica, +1 809 the Dominican Republic, +1 416 Canada; the rest of +1 the
/// United States) and +7 7 is Kazakhstan rather than Russia.
public struct CallingCodes: Sendable {
    /// One calling code (or NANP area code) and its country.
    public struct Entry: Sendable, Hashable {
        /// The digits of the code (`232`, `1876`).
        public let code: String
        /// The ISO 3166-1 alpha-2 country, or `001` for non-geographic codes (satellite, international networks).
        public let iso: String
        public let name: String

        /// What detectors call the destination country: the ISO code, or `+881` and the like for
        /// non-geographic codes, which belong to no country.
        public var country: String { iso == "001" ? "+" + code : iso }
    }

    private let entries: [UInt64: Entry]
    private let longestCode: Int

    /// The table from `calling-codes.tsv` in the package's data files.
    public static let standard: CallingCodes = {
        guard let text = BundledDataFile.text(named: "calling-codes.tsv") else { return CallingCodes(entries: []) }
        return CallingCodes(tsv: text)
    }()

    /// A table from tab-separated text (`code<TAB>iso<TAB>name`); bad lines are skipped.
    public init(tsv: String) {
        var list: [Entry] = []
        for (_, cells) in BundledDataFile.rows(tsv) where cells.count >= 2 {
            let code = cells[0].filter(\.isNumber)
            guard !code.isEmpty, code.count <= 6 else { continue }
            list.append(Entry(code: code, iso: cells[1], name: cells.count > 2 ? cells[2] : cells[1]))
        }
        self.init(entries: list)
    }

    public init(entries: [Entry]) {
        var map: [UInt64: Entry] = [:]
        var longest = 0
        for e in entries {
            guard let key = UInt64(e.code) else { continue }
            map[CallingCodes.key(key, digits: e.code.count)] = e
            longest = max(longest, e.code.count)
        }
        self.entries = map
        self.longestCode = longest
    }

    /// The number of codes in the table.
    public var count: Int { entries.count }

    /// The longest code that starts `number`, or `nil` when none does.
    public func entry(for number: PhoneNumber) -> Entry? {
        var length = min(longestCode, number.digitCount - 1)
        while length >= 1 {
            if let e = entries[CallingCodes.key(number.prefix(length), digits: length)] { return e }
            length -= 1
        }
        return nil
    }

    /// The country of `number` (`SL`, `+881`), or `nil` when no code matches.
    public func country(of number: PhoneNumber) -> String? {
        entry(for: number)?.country
    }

    /// Digits with their count folded in, so `1` and `01`-style prefixes of different lengths never collide.
    private static func key(_ digits: UInt64, digits count: Int) -> UInt64 {
        digits &* 16 &+ UInt64(count)
    }
}
