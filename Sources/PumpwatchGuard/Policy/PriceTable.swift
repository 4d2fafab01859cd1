/// What one text costs, by destination.
///
/// Prices by country and by prefix (the longest listed prefix wins over the country), and a default
/// for the rest. The standard table is the data file `sms-prices.tsv`.
public struct PriceTable: Sendable {
    public private(set) var currency: String
    public private(set) var defaultPrice: Double
    /// Prices by country (`GB`, `+881`).
    public private(set) var countries: [String: Double]
    /// Prices by prefix digits after `+` (`447700`).
    public private(set) var prefixes: [String: Double]
    private var byCountry: [Double]
    private var prefixTable: [UInt64: Double] = [:]
    private var longestPrefix = 0

    public init(currency: String = "USD", defaultPrice: Double = 0.10, countries: [String: Double] = [:], prefixes: [String: Double] = [:]) {
        self.currency = currency
        self.defaultPrice = defaultPrice
        self.countries = countries
        self.prefixes = prefixes
        byCountry = Array(repeating: defaultPrice, count: CountryKey.count)
        for (c, p) in countries { if let k = CountryKey(c) { byCountry[k.index] = p } }
        for (digits, p) in prefixes {
            guard let v = UInt64(digits) else { continue }
            prefixTable[v &* 32 &+ UInt64(digits.count)] = p
            longestPrefix = max(longestPrefix, digits.count)
        }
    }

    /// The table from `sms-prices.tsv`, with `defaultPrice` for countries it does not list.
    public static let standard: PriceTable = {
        var prices: [String: Double] = [:]
        if let text = GuardDataFile.text(named: "sms-prices.tsv") {
            for (_, cells) in GuardDataFile.rows(text) where cells.count >= 2 {
                if let p = Double(cells[1]), CountryKey(cells[0]) != nil { prices[cells[0]] = p }
            }
        }
        return PriceTable(countries: prices)
    }()

    /// This table with `other`'s prices laid over it (and its default and currency).
    public func overlaid(currency: String?, defaultPrice: Double?, countries: [String: Double], prefixes: [String: Double]) -> PriceTable {
        PriceTable(
            currency: currency ?? self.currency, defaultPrice: defaultPrice ?? self.defaultPrice,
            countries: self.countries.merging(countries) { _, new in new }, prefixes: self.prefixes.merging(prefixes) { _, new in new })
    }

    func price(of destination: DestinationNumber) -> Double {
        if longestPrefix > 0 {
            let n = destination.number
            var length = min(longestPrefix, n.digitCount)
            while length >= 1 {
                if let p = prefixTable[n.prefix(length) &* 32 &+ UInt64(length)] { return p }
                length -= 1
            }
        }
        return byCountry[destination.country.index]
    }

    /// The price of a country (ignoring prefixes).
    func price(of country: CountryKey) -> Double { byCountry[country.index] }
}
