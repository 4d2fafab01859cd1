/// A destination phone number in E.164 form with the network it belongs to.
struct PhoneNumber: Sendable, Hashable {
    let e164: String
    let country: Country
    let mnc: String

    static func == (a: PhoneNumber, b: PhoneNumber) -> Bool { a.e164 == b.e164 }
    func hash(into h: inout Hasher) { h.combine(e164) }

    /// The number as Cognito masks it in `codeDeliveryDetails.destination` (`+*******1234`).
    var masked: String {
        let digits = Array(e164.dropFirst())
        let shown = digits.suffix(4)
        return "+" + String(repeating: "*", count: max(0, digits.count - 4)) + String(shown)
    }

    /// What one single-part text to this number costs through Twilio and through SNS, USD.
    var twilioPrice: Double { country.twilioPrice }
    var snsPrice: Double { country.snsPrice }
}
