/// The shop's customers, computed rather than stored: the n-th customer always has the same
/// phone, address, browser and Cognito id, so memory does not grow with `--scale`.
struct CustomerDirectory {
    /// One customer.
    struct Customer {
        let phone: PhoneNumber
        let ip: String
        let userAgent: String
        /// The Cognito user's `sub`.
        let userSub: String
        /// True when the account's recovery channel is SMS rather than email.
        let recoversBySMS: Bool
    }

    let seed: UInt64
    let count: Int
    private let countryWeights: [Double]

    init(seed: UInt64, count: Int) {
        self.seed = seed
        self.count = max(1, count)
        countryWeights = CountryCatalog.customerCountries.map { $0.1 }
    }

    func customer(_ index: Int) -> Customer {
        var rng = SplitMix64(seed: SplitMix64.mix(seed ^ UInt64(truncatingIfNeeded: index &* 0x2545_F491)), label: "customer")
        let country = CountryCatalog.customerCountries[rng.weightedIndex(countryWeights)].0
        let phone = country.randomNumber(&rng)
        // Several customers share an address now and then (households, mobile carrier NAT).
        let ip = AddressPool.customers.address(rng.below(max(1, count * 3 / 4)))
        let agent = rng.pick(UserAgents.browsers)
        return Customer(phone: phone, ip: ip, userAgent: agent, userSub: rng.uuid(), recoversBySMS: rng.chance(0.7))
    }

    /// A customer drawn at random.
    func random(_ rng: inout SplitMix64) -> Customer {
        customer(rng.below(count))
    }
}
