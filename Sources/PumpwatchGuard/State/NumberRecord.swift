/// What the guard remembers about one destination number (56 bytes).
struct NumberRecord: PackedRecord, Equatable {
    /// The last request to the number, in epoch seconds (0: none).
    var lastAttempt: UInt32 = 0
    /// The last verification of a code sent to it (0: never).
    var lastVerified: UInt32 = 0
    /// Requests to the number, blocked ones included.
    var attempts = RateWindows()
    /// Codes sent since the last verification.
    var unverifiedSends: UInt16 = 0
    var verifications: UInt16 = 0
    /// The key of the latest code sent to it, for a verification that names the number.
    var pending: UInt64 = 0

    init() {}

    func pack(into w: inout PackedWriter) {
        w.put(lastAttempt)
        w.put(lastVerified)
        w.put(attempts)
        w.put(unverifiedSends)
        w.put(verifications)
        w.put(pending)
    }

    init(unpacking r: inout PackedReader) throws(GuardStateError) {
        lastAttempt = try r.u32()
        lastVerified = try r.u32()
        attempts = try r.rateWindows()
        unverifiedSends = try r.u16()
        verifications = try r.u16()
        pending = try r.u64()
    }
}
