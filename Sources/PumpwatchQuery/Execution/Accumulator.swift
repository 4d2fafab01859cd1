import PumpwatchCore

/// The running state of one aggregate function for one group.
///
/// States built over consecutive parts of the input merge (`merge`) into the state one pass over
/// all of it would have built: sums are exact (`ExactSum`), distinct sets unite, `values` keeps
/// first occurrences in input order, ties keep the earlier value, and `last` the later one.
struct Accumulator {
    /// The state beyond a count, allocated on a group's first value (most groups of a `count` never need it).
    final class State {
        var intSum: Int64 = 0
        var doubleSum = ExactSum()
        var allInts = true
        var numbers: Int64 = 0
        var best: Value?
        var bestTime: Int64 = .min
        var distinct: Set<Value> = []
        var ordered: [Value] = []
        /// The value last put in `distinct` (always one of its members): runs of one value, common
        /// within a group, are then recognised without hashing.
        var lastDistinct: Value?

        init() {}

        func copy() -> State {
            let c = State()
            c.intSum = intSum
            c.doubleSum = doubleSum
            c.allInts = allInts
            c.numbers = numbers
            c.best = best
            c.bestTime = bestTime
            c.distinct = distinct
            c.ordered = ordered
            c.lastDistinct = lastDistinct
            return c
        }
    }

    let function: AggregateFunction
    let dialect: Dialect
    /// Whether CQL's numeric `min` or `max` keeps its best so far inline (`bestNumber`) while every
    /// candidate was a simple decimal (`simpleDecimal`) and no state exists: 0 when it does not, 1
    /// for a whole number's text, 2 for a float-like one. The first candidate that is not simple
    /// moves it into the state (`offerBest`), so at most one of the two holds a best value.
    /// (Declared here, it takes a byte of padding: accumulators stay 24 bytes, one per group and
    /// aggregate.)
    private var inlineKind: UInt8 = 0
    /// For `values`: the most distinct values kept (-1: no limit).
    private let limitValue: Int32
    /// The rows counted (`count`, `count_values`); for CQL's `min` and `max`, which count nothing,
    /// the bits of `bestNumber` while `inlineKind` is set.
    var count: Int64 = 0
    private var state: State?

    /// The inline best of CQL's `min` or `max` (see `inlineKind`), kept in `count`.
    private var bestNumber: Double {
        get { Double(bitPattern: UInt64(bitPattern: count)) }
        set { count = Int64(bitPattern: newValue.bitPattern) }
    }

    init(call: AggregateCall, dialect: Dialect) {
        self.function = call.function
        self.limitValue = call.limit.map { Int32(clamping: $0) } ?? -1
        self.dialect = dialect
    }

    var limit: Int? { limitValue < 0 ? nil : Int(limitValue) }

    /// The state, allocated or copied so that this accumulator alone holds it (value semantics).
    @inline(__always)
    private mutating func ownState() -> State {
        if state == nil {
            state = State()
        } else if !isKnownUniquelyReferenced(&state) {
            state = state!.copy()
        }
        return state!
    }

    mutating func add(_ value: Value, row: Row) {
        add(value, time: function == .last ? row.values["@timestamp"] : nil)
    }

    /// Adds one value; `time` is the row's `@timestamp`, read only by `last`.
    mutating func add(_ value: Value, time: Value?) {
        switch function {
        case .count:
            count += 1
        case .countValues:
            switch value {
            case .null: break
            case .array(let items): count += Int64(items.count)
            default: count += 1
            }
        case .countDistinct:
            let s = ownState()
            Accumulator.forEachElement(value) { e in
                let key = Accumulator.distinctKey(e, dialect: dialect)
                if s.lastDistinct == key { return }
                s.distinct.insert(key)
                s.lastDistinct = key
            }
        case .sum, .avg:
            let s = ownState()
            Accumulator.forEachElement(value) { e in
                switch e {
                case .int(let i):
                    s.intSum = s.intSum &+ i
                    s.doubleSum.add(Double(i))
                    s.numbers += 1
                default:
                    guard let d = e.doubleValue else { return }
                    if let i = e.intValue, !e.isFloatLike { s.intSum = s.intSum &+ i } else { s.allInts = false }
                    s.doubleSum.add(d)
                    s.numbers += 1
                }
            }
        case .min, .max:
            Accumulator.forEachElement(value) { e in
                var candidate = e
                if dialect == .cql {
                    if case .string(let text) = e, let (d, floatLike) = Accumulator.simpleDecimal(text) {
                        offerNumber(d, floatLike: floatLike)
                        return
                    }
                    guard let parsed = e.doubleValue else { return }
                    candidate = Accumulator.numberCandidate(parsed, floatLike: e.isFloatLike)
                }
                offerBest(candidate)
            }
        case .values:
            let limit = self.limit
            if case .array(let items) = value {
                for e in items {
                    if let limit, (state?.ordered.count ?? 0) >= limit { break }
                    let s = ownState()
                    if s.distinct.insert(e).inserted { s.ordered.append(e) }
                }
            } else if !value.isNull, limit.map({ (state?.ordered.count ?? 0) < $0 }) ?? true, state?.lastDistinct != value {
                let s = ownState()
                if s.distinct.insert(value).inserted { s.ordered.append(value) }
                s.lastDistinct = value
            }
        case .first:
            if state?.best == nil, !value.isNull { ownState().best = value }
        case .last:
            guard !value.isNull else { return }
            let t: Int64
            switch time {
            case .date(let ms)?: t = ms
            case let v?: t = v.intValue ?? .min
            default: t = .min
            }
            if t >= (state?.bestTime ?? .min) {
                let s = ownState()
                s.bestTime = t
                s.best = value
            }
        }
    }

    /// Adds the `.string` value whose UTF-8 is `text` (plain ASCII) as `add(_:time:)` would, making
    /// the value (`value()`) only when the text alone does not settle what adding it does: counts,
    /// CQL's numeric `min` and `max`, and a value equal to the one `count_distinct` or `values`
    /// saw last (bytes that are equal are equal strings) or past the `values` limit need none.
    @inline(__always)
    mutating func add(text: UnsafeRawBufferPointer, value: () -> Value, time: Value?) {
        var decimals = DecimalMemo()
        add(text: text, value: value, time: time, decimals: &decimals)
    }

    /// The last text `simpleDecimal` read and its answer, so that aggregates of one row reading
    /// the same text (a `min` and a `max`) parse it once.
    struct DecimalMemo {
        private var start: UnsafeRawPointer?
        private var count = -1
        private var answer: (Double, Bool)?

        init() {}

        @inline(__always)
        mutating func parse(_ text: UnsafeRawBufferPointer) -> (Double, Bool)? {
            if text.baseAddress == start && text.count == count { return answer }
            start = text.baseAddress
            count = text.count
            answer = Accumulator.simpleDecimal(utf8: text.assumingMemoryBound(to: UInt8.self))
            return answer
        }
    }

    /// Like `add(text:value:time:)`, parsing numbers through `decimals`.
    @inline(__always)
    mutating func add(text: UnsafeRawBufferPointer, value: () -> Value, time: Value?, decimals: inout DecimalMemo) {
        switch function {
        case .count, .countValues:
            count += 1
            return
        case .countDistinct:
            if let s = state, case .string(let last)? = s.lastDistinct, Accumulator.bytesEqual(last, text) { return }
        case .min, .max:
            if dialect == .cql, let (d, floatLike) = decimals.parse(text) {
                offerNumber(d, floatLike: floatLike)
                return
            }
        case .values:
            if let limit, (state?.ordered.count ?? 0) >= limit { return }
            if let s = state, case .string(let last)? = s.lastDistinct, Accumulator.bytesEqual(last, text) { return }
        default:
            break
        }
        add(value(), time: time)
    }

    /// True when `string`'s UTF-8 is exactly `bytes`.
    @inline(__always)
    private static func bytesEqual(_ string: String, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var s = string
        return s.withUTF8 { u in
            u.count == bytes.count && (u.count == 0 || TextSearch.equal(u.baseAddress!, bytes.baseAddress!, count: u.count))
        }
    }

    /// CQL's `min` and `max` compare numbers: whole ones as integers, others as doubles.
    @inline(__always)
    private static func numberCandidate(_ d: Double, floatLike: Bool) -> Value {
        // Below 9e15 a double is whole exactly when truncating it to an integer keeps it.
        (!floatLike && abs(d) < 9e15 && Double(Int64(d)) == d) ? .int(Int64(d)) : .double(d)
    }

    /// Offers a simple decimal's number (finite, at most 15 digits) to CQL's `min` or `max`: kept
    /// inline while there is no state, compared as `offerBest` compares numbers (exactly, since
    /// whole numbers below 9e15 are exact doubles; ties keep the earlier).
    @inline(__always)
    private mutating func offerNumber(_ d: Double, floatLike: Bool) {
        guard state == nil else {
            offerBest(Accumulator.numberCandidate(d, floatLike: floatLike))
            return
        }
        if inlineKind == 0 || (function == .min ? d < bestNumber : d > bestNumber) {
            bestNumber = d
            inlineKind = floatLike ? 2 : 1
        }
    }

    /// Keeps `candidate` when it beats the best so far (`min`: smaller, `max`: larger; ties keep the earlier).
    @inline(__always)
    private mutating func offerBest(_ candidate: Value) {
        let s = ownState()
        if inlineKind != 0 {
            s.best = Accumulator.numberCandidate(bestNumber, floatLike: inlineKind == 2)
            inlineKind = 0
            count = 0
        }
        if let b = s.best {
            let c = ValueComparison.sortOrder(candidate, b, comparison: .natural, dialect: dialect)
            if (function == .min && c < 0) || (function == .max && c > 0) { s.best = candidate }
        } else {
            s.best = candidate
        }
    }

    /// Calls `body` with each element of `value` as `Value.elements` lists them (none for null,
    /// the items of an array, else the value itself), without building an array for a scalar.
    @inline(__always)
    static func forEachElement(_ value: Value, _ body: (Value) -> Void) {
        switch value {
        case .null: return
        case .array(let items): for e in items { body(e) }
        default: body(value)
        }
    }

    /// Adds the state built over the input that follows this state's input.
    mutating func merge(_ other: Accumulator) {
        if function == .min || function == .max {
            // Their `count` holds an inline best, not a count (they count nothing).
            if other.inlineKind != 0 { offerNumber(other.bestNumber, floatLike: other.inlineKind == 2) }
        } else {
            count += other.count
        }
        guard let o = other.state else { return }
        switch function {
        case .count, .countValues:
            break
        case .countDistinct:
            // A later part that saw only the value this one saw last adds nothing.
            if o.distinct.count == 1, let s = state, let last = s.lastDistinct, o.lastDistinct == last { return }
            ownState().distinct.formUnion(o.distinct)
        case .sum, .avg:
            let s = ownState()
            s.intSum = s.intSum &+ o.intSum
            s.doubleSum.add(o.doubleSum)
            s.allInts = s.allInts && o.allInts
            s.numbers += o.numbers
        case .min, .max:
            guard let candidate = o.best else { return }
            offerBest(candidate)
        case .values:
            let limit = self.limit
            let s = ownState()
            for e in o.ordered {
                if let limit, s.ordered.count >= limit { break }
                if s.distinct.insert(e).inserted { s.ordered.append(e) }
            }
        case .first:
            if state?.best == nil, let b = o.best { ownState().best = b }
        case .last:
            guard let value = o.best else { return }
            if o.bestTime >= (state?.bestTime ?? .min) {
                let s = ownState()
                s.bestTime = o.bestTime
                s.best = value
            }
        }
    }

    private static let powersOfTen: [Double] = (0...15).map { k in (0..<k).reduce(1.0) { v, _ in v * 10 } }

    /// The value of text such as `1795341600.123` or `-42` (at most 15 digits, no spaces or exponent),
    /// and whether it has a decimal point; nil for any other text. The digits divided by a power of
    /// ten are both exact doubles, so the one division rounds as `Double(text)` does.
    static func simpleDecimal(_ text: String) -> (Double, Bool)? {
        var text = text
        return text.withUTF8 { simpleDecimal(utf8: $0) }
    }

    static func simpleDecimal(utf8: UnsafeBufferPointer<UInt8>) -> (Double, Bool)? {
        var mantissa: Int64 = 0
        var digits = 0
        var fraction = -1
        var negative = false
        for (i, c) in utf8.enumerated() {
            if c >= 48 && c <= 57 {
                mantissa = mantissa * 10 + Int64(c - 48)
                digits += 1
                if fraction >= 0 { fraction += 1 }
                if digits > 15 { return nil }
            } else if c == UInt8(ascii: ".") && fraction < 0 && digits > 0 {
                fraction = 0
            } else if c == UInt8(ascii: "-") && i == 0 {
                negative = true
            } else {
                return nil
            }
        }
        guard digits > 0, fraction != 0 else { return nil }
        var d = Double(mantissa)
        if fraction > 0 { d /= powersOfTen[fraction] }
        return (negative ? -d : d, fraction > 0)
    }

    /// The value `count_distinct` counts by. LogScale's values are text, so in CQL two values are
    /// one when their text is: `443` and `"443"` count once, `443.0` apart from `443`, a date as its
    /// epoch milliseconds. ES|QL counts `1` and `1.0` alike (`normalizedKey`).
    static func distinctKey(_ v: Value, dialect: Dialect) -> Value {
        guard dialect == .cql else { return normalizedKey(v) }
        switch v {
        case .int(let i): return .string(String(i))
        case .double(let d):
            guard d == d.rounded(), abs(d) < 1e15 else { return .string(String(d)) }
            return .string((d == 0 && d.sign == .minus ? "-" : "") + String(Int64(d)) + ".0")
        case .bool(let b): return .string(b ? "true" : "false")
        case .date(let ms): return .string(String(ms))
        default: return v
        }
    }

    /// Distinct counting in ES|QL treats `1` and `1.0` alike.
    static func normalizedKey(_ v: Value) -> Value {
        if case .double(let d) = v, d == d.rounded(), abs(d) < 9e15 { return .int(Int64(d)) }
        return v
    }

    /// The aggregate's value; `separator` joins `values` into one string (CQL `collect`).
    func result(separator: String?) -> Value {
        switch function {
        case .count, .countValues: return .int(count)
        case .countDistinct: return .int(Int64(state?.distinct.count ?? 0))
        case .sum:
            guard let s = state, s.numbers > 0 else { return .null }
            return s.allInts ? .int(s.intSum) : .double(s.doubleSum.value)
        case .avg:
            guard let s = state, s.numbers > 0 else { return .null }
            return .double(s.doubleSum.value / Double(s.numbers))
        case .min, .max, .first, .last:
            if inlineKind != 0 { return Accumulator.numberCandidate(bestNumber, floatLike: inlineKind == 2) }
            return state?.best ?? .null
        case .values:
            let ordered = state?.ordered ?? []
            if let sep = separator { return ordered.isEmpty ? .null : .string(ordered.compactMap(\.stringValue).joined(separator: sep)) }
            if ordered.isEmpty { return .null }
            return ordered.count == 1 ? ordered[0] : .array(ordered)
        }
    }
}
