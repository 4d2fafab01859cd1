/// Sends that are always allowed, whatever else applies.
///
/// Whatever the signals and the destination rules say: sends from a client network, to a country,
/// or to a number pattern (test numbers, staff phones).
public struct AllowList: Sendable {
    public private(set) var networks: [CIDRBlock]
    public private(set) var countries: [String]
    public private(set) var numbers: [NumberPattern]
    private var countryFlags: [Bool]

    public init(networks: [CIDRBlock] = [], countries: [String] = [], numbers: [NumberPattern] = []) {
        self.networks = networks
        self.countries = countries
        self.numbers = numbers
        countryFlags = Array(repeating: false, count: CountryKey.count)
        for c in countries { if let k = CountryKey(c) { countryFlags[k.index] = true } }
    }

    public var isEmpty: Bool { networks.isEmpty && countries.isEmpty && numbers.isEmpty }

    /// The entry that allows the send, in words, or `nil`.
    func match(destination: DestinationNumber?, address: ClientAddress?) -> String? {
        if let address {
            for n in networks where n.contains(address) { return "client address in allow-listed network \(n.text)" }
        }
        guard let destination else { return nil }
        if countryFlags[destination.country.index], let c = destination.countryText { return "destination country \(c) is allow-listed" }
        if !numbers.isEmpty {
            let digits = destination.number.digits.utf8.map { $0 - 48 }
            for p in numbers where p.matches(digits) { return "destination matches allow-listed pattern \(p.text)" }
        }
        return nil
    }
}
