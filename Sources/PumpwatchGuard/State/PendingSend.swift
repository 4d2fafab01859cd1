/// A code that was sent and may still be verified.
///
/// Enough to credit the verification to the number, address, user, session, block, prefix and
/// country it came through.
struct PendingSend: PackedRecord, Equatable {
    /// The destination's digits after `+`.
    var number: UInt64 = 0
    /// When it was sent, epoch seconds.
    var time: UInt32 = 0
    var country: CountryKey = .unknown
    var verified = false
    /// Keys of the address, user and session (0: none given).
    var ip: UInt64 = 0
    var user: UInt64 = 0
    var session: UInt64 = 0

    init() {}

    init(number: UInt64, time: UInt32, country: CountryKey, ip: UInt64, user: UInt64, session: UInt64) {
        self.number = number
        self.time = time
        self.country = country
        self.ip = ip
        self.user = user
        self.session = session
    }

    func pack(into w: inout PackedWriter) {
        w.put(number)
        w.put(time)
        w.put(country.raw)
        w.put(verified ? 1 : 0 as UInt8)
        w.put(ip)
        w.put(user)
        w.put(session)
    }

    init(unpacking r: inout PackedReader) throws(GuardStateError) {
        number = try r.u64()
        time = try r.u32()
        let c = try r.u16()
        guard Int(c) < CountryKey.count else { throw GuardStateError(part: r.part, reason: "country key \(c) out of range at byte \(r.offset)") }
        country = CountryKey(raw: c)
        verified = try r.u8() != 0
        ip = try r.u64()
        user = try r.u64()
        session = try r.u64()
    }
}
