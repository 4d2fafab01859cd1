import PumpwatchDetect

/// A destination parsed once per check: the number, its calling code and its country.
struct DestinationNumber: Sendable {
    let number: PhoneNumber
    /// The calling-code table's entry (`nil` when the calling code is unassigned).
    let entry: CallingCodes.Entry?
    let country: CountryKey
    /// The E.164 country calling code (`1` for all of NANP, `7` for Russia and Kazakhstan).
    let callingCode: String?

    init?(_ text: String, codes: CallingCodes = .standard) {
        guard let number = PhoneNumber(text) else { return nil }
        self.init(number, codes: codes)
    }

    init(_ number: PhoneNumber, codes: CallingCodes = .standard) {
        self.number = number
        let entry = codes.entry(for: number)
        self.entry = entry
        if let entry {
            country = CountryKey(entry.country) ?? .unknown
            callingCode = DestinationNumber.callingCode(ofTableCode: entry.code)
        } else {
            country = .unknown
            callingCode = nil
        }
    }

    /// The country as decisions name it (`GB`, `+881`), `nil` for an unassigned calling code.
    var countryText: String? { entry?.country }

    /// Digits after the calling code (the national significant number).
    var nationalDigits: Int { number.digitCount - (callingCode?.count ?? 0) }

    /// The calling code of a table code: NANP area codes (`1876`) belong to `1`, Kazakhstan's `76`/`77` to `7`.
    static func callingCode(ofTableCode code: String) -> String {
        if code.hasPrefix("1") { return "1" }
        if code.hasPrefix("7") { return "7" }
        return code
    }
}
