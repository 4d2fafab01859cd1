/// What the guard remembers about one user or one session.
///
/// Requests, codes sent and verified, and the distinct numbers asked for (a 128-bit linear-counting
/// sketch per 12-hour window).
struct IdentityRecord: PackedRecord, Equatable {
    var attempts = RateWindows()
    var sent = RateWindows()
    var verified = RateWindows()
    var numbers = WindowedDistinct<Bits128>()

    static let spreadWindow: UInt32 = 43_200

    init() {}

    func pack(into w: inout PackedWriter) {
        w.put(attempts)
        w.put(sent)
        w.put(verified)
        w.put(numbers.window)
        w.put(numbers.current)
        w.put(numbers.previous)
    }

    init(unpacking r: inout PackedReader) throws(GuardStateError) {
        attempts = try r.rateWindows()
        sent = try r.rateWindows()
        verified = try r.rateWindows()
        numbers = WindowedDistinct(window: try r.u32(), current: try r.bits128(), previous: try r.bits128())
    }
}
