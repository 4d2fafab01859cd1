/// What the guard remembers about one client address (an IPv4 address, or an IPv6 /64).
///
/// Distinct numbers are a 512-bit linear-counting sketch per 12-hour window (two windows, so the
/// count covers the last 12–24 hours); distinct countries, and the countries a code from the
/// address was verified in, are exact up to eight per window.
struct IPRecord: PackedRecord, Equatable {
    var attempts = RateWindows()
    var sent = RateWindows()
    var verified = RateWindows()
    var numbers = WindowedDistinct<Bits512>()
    var countries = WindowedCountries()
    var verifiedCountries = WindowedCountries()

    /// The width of the distinct-count windows.
    static let spreadWindow: UInt32 = 43_200

    init() {}

    func pack(into w: inout PackedWriter) {
        w.put(attempts)
        w.put(sent)
        w.put(verified)
        w.put(numbers.window)
        w.put(numbers.current)
        w.put(numbers.previous)
        w.put(countries.window)
        w.put(countries.current)
        w.put(countries.previous)
        w.put(verifiedCountries.window)
        w.put(verifiedCountries.current)
        w.put(verifiedCountries.previous)
    }

    init(unpacking r: inout PackedReader) throws(GuardStateError) {
        attempts = try r.rateWindows()
        sent = try r.rateWindows()
        verified = try r.rateWindows()
        numbers = WindowedDistinct(window: try r.u32(), current: try r.bits512(), previous: try r.bits512())
        countries = WindowedCountries(window: try r.u32(), current: try r.countrySet(), previous: try r.countrySet())
        verifiedCountries = WindowedCountries(window: try r.u32(), current: try r.countrySet(), previous: try r.countrySet())
    }
}
