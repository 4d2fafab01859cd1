/// A destination country for SMS: how its mobile numbers look, its network codes, and what a text costs.
struct Country: Sendable {
    /// ISO 3166 code (`SL`), or a label for non-geographic codes (`GMSS`).
    let iso: String
    let name: String
    /// The E.164 calling code without `+` (`232`).
    let callingCode: String
    /// Digits after the calling code.
    let nationalDigits: Int
    /// Leading national digits of mobile numbers.
    let mobilePrefixes: [String]
    /// Mobile country code.
    let mcc: String
    /// Mobile network codes of its carriers.
    let mncs: [String]
    /// Twilio's outbound price per segment, USD.
    let twilioPrice: Double
    /// Amazon SNS's transactional price per message part, USD.
    let snsPrice: Double

    /// A random mobile number in this country.
    func randomNumber(_ rng: inout SplitMix64) -> PhoneNumber {
        let prefix = rng.pick(mobilePrefixes)
        let rest = rng.digits(max(0, nationalDigits - prefix.count))
        return PhoneNumber(e164: "+" + callingCode + prefix + rest, country: self, mnc: rng.pick(mncs))
    }

    /// The number `+<code><national>`, where `national` is complete.
    func number(national: String, mnc: String? = nil) -> PhoneNumber {
        PhoneNumber(e164: "+" + callingCode + national, country: self, mnc: mnc ?? mncs[0])
    }
}
