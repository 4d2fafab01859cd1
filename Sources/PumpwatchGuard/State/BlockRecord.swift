/// The numbers of one number block requested recently.
///
/// The block's free trailing digits as positions (modulo 128) in a 128-bit set per window, exact
/// for two free digits and a linear-counting sketch for three or four, and how many of them were
/// later verified.
struct BlockRecord: PackedRecord, Equatable {
    var numbers = WindowedDistinct<Bits128>()
    var verified = SlidingCount()

    init() {}

    func pack(into w: inout PackedWriter) {
        w.put(numbers.window)
        w.put(numbers.current)
        w.put(numbers.previous)
        w.put(verified)
    }

    init(unpacking r: inout PackedReader) throws(GuardStateError) {
        numbers = WindowedDistinct(window: try r.u32(), current: try r.bits128(), previous: try r.bits128())
        verified = try r.slidingCount()
    }
}
