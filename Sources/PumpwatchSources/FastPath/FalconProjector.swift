import PumpwatchCore

/// Computes the projected fields of Falcon events the way `FalconNormalizer` does, reading only
/// the top-level members they come from.
///
/// A projected name is read from the top-level member of that name, as text (numbers and booleans
/// as their JSON text; null leaves the field out). `#event_simpleName` and `event_simpleName` are
/// one field, and `@timestamp` follows `@timestamp`, `timestamp` and `ContextTimeStamp` as the
/// normalizer does. A record takes the full path when a member that could name a projected field
/// another way holds an object or array (`DomainName: {...}`, or `a: {b: ...}` when `a.b` is
/// projected), when a top-level name starts with a projected name and a dot, or when its
/// `@timestamp` is not a date.
final class FalconProjector: ProjectedNormalizer {
    private enum Rule {
        case member(slot: Int)
        case eventSimpleName
        case timestamp
    }

    let schema: ScanSchema
    let fieldNames: [String]
    private let rules: [Rule]
    private let hashNameSlot: Int
    private let plainNameSlot: Int
    private let timestampSlot: Int
    private let epochSlot: Int
    private let contextTimeSlot: Int
    /// Slots whose value must be a scalar (or absent) for the record to be read here.
    private let scalarSlots: [Int]
    @exclusivity(unchecked) private var record: ScannedRecord?
    @exclusivity(unchecked) private var cache: [Value?]
    /// Per field, whether `cache` holds its value for the current record (a buffer the projector
    /// owns: clearing it per record costs no uniqueness checks).
    private let cached: UnsafeMutableBufferPointer<Bool>
    @exclusivity(unchecked) private(set) var timestampMillis: Int64?

    /// A projector for `projection`, or nil when it holds wildcards or every field.
    init?(projection: FieldProjection) {
        guard let names = projection.names else { return nil }
        var fieldNames = ["@timestamp"]
        for name in names.sorted() where name != "@timestamp" {
            if name.hasSuffix("*") { return nil }
            fieldNames.append(name)
        }
        var paths: [[String]] = []
        func slotPath(_ name: String) -> Int {
            if let i = paths.firstIndex(of: [name]) { return i }
            paths.append([name])
            return paths.count - 1
        }
        let hashName = slotPath("#event_simpleName")
        let plainName = slotPath("event_simpleName")
        let timestamp = slotPath("@timestamp")
        let epoch = slotPath("timestamp")
        let contextTime = slotPath("ContextTimeStamp")
        var rules: [Rule] = []
        var scalarPaths = Set<Int>()
        for name in fieldNames {
            switch name {
            case "@timestamp": rules.append(.timestamp)
            case "#event_simpleName", "event_simpleName": rules.append(.eventSimpleName)
            default:
                let i = slotPath(name)
                scalarPaths.insert(i)
                rules.append(.member(slot: i))
            }
            // Members that could hold this field nested: `a` for `a.b` and `a[0]`.
            var prefix = ""
            for ch in name {
                if (ch == "." || ch == "[") && !prefix.isEmpty { scalarPaths.insert(slotPath(prefix)) }
                prefix.append(ch)
            }
        }
        scalarPaths.insert(hashName)
        scalarPaths.insert(plainName)
        schema = ScanSchema(paths: paths, reservedPrefixes: fieldNames.map { $0 + "." })
        let slotOf = schema.pathSlots
        self.fieldNames = fieldNames
        self.rules = rules.map {
            if case .member(let i) = $0 { return .member(slot: slotOf[i]) }
            return $0
        }
        hashNameSlot = slotOf[hashName]
        plainNameSlot = slotOf[plainName]
        timestampSlot = slotOf[timestamp]
        epochSlot = slotOf[epoch]
        contextTimeSlot = slotOf[contextTime]
        scalarSlots = scalarPaths.sorted().map { slotOf[$0] }
        cache = Array(repeating: nil, count: fieldNames.count)
        cached = .allocate(capacity: max(1, fieldNames.count))
        cached.initialize(repeating: false)
    }

    deinit {
        cached.deallocate()
    }

    func begin(_ r: ScannedRecord) -> Bool {
        record = r
        cached.update(repeating: false)
        for s in scalarSlots {
            let k = r.kind(s)
            if k == .object || k == .array { return false }
        }
        guard let millis = eventTime(r) else { return false }
        timestampMillis = millis
        return true
    }

    /// The event time as `FalconNormalizer` finds it; `.some(nil)` when the record has none, and nil
    /// when the record must take the full path (a `@timestamp` that is not a date, or a huge number).
    private func eventTime(_ r: ScannedRecord) -> Int64?? {
        let at = r[timestampSlot]
        if at.isPresent {
            switch at.kind {
            case .string:
                guard let ms = Timestamp.parse(r.string(at)) else { return nil }
                return .some(ms)
            case .number:
                guard let ms = MessagingFields.date(r.json(at)) else { return nil }
                return .some(ms)
            default:
                return nil
            }
        }
        if let d = number(r[epochSlot]) {
            guard abs(d) < 9.2e18 else { return nil }
            return .some(Int64(d.rounded()))
        }
        if let d = number(r[contextTimeSlot]) {
            guard abs(d * 1000) < 9.2e18 else { return nil }
            return .some(Int64((d * 1000).rounded()))
        }
        return .some(nil)
    }

    /// `Value.parseNumber` of the member's text; short runs of digits are read directly.
    private func number(_ v: ScannedValue) -> Double? {
        guard v.isPresent else { return nil }
        let r = record!
        if v.isPlainASCIIString, v.length > 0, v.length <= 15 {
            // At most 15 digits: no overflow, so the arithmetic need not check.
            let b = r.raw(v)
            let p = b.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var n: Int64 = 0
            var digitsOnly = true
            for i in 0..<b.count {
                let d = p[i] &- 48
                guard d <= 9 else {
                    digitsOnly = false
                    break
                }
                n = n &* 10 &+ Int64(d)
            }
            if digitsOnly { return Double(n) }
        }
        guard let text = r.scalarText(v) else { return nil }
        return Value.parseNumber(text)
    }

    func source(of id: Int) -> FieldSource {
        switch rules[id] {
        case .member(let slot): return .member(record![slot], textIsValue: true)
        case .eventSimpleName: return .member(simpleNameMember(), textIsValue: true)
        case .timestamp: return .computed
        }
    }

    /// The member `#event_simpleName` comes from: `#event_simpleName` when it has a value, else `event_simpleName`.
    private func simpleNameMember() -> ScannedValue {
        let r = record!
        let hash = r[hashNameSlot]
        if hash.isPresent && hash.kind != .null { return hash }
        return r[plainNameSlot]
    }

    func value(_ id: Int) -> Value? {
        if cached[id] { return cache[id] }
        let v: Value?
        switch rules[id] {
        case .member(let slot): v = text(record![slot])
        case .eventSimpleName: v = text(simpleNameMember())
        case .timestamp: v = timestampMillis.map(Value.date)
        }
        cache[id] = v
        cached[id] = true
        return v
    }

    @inline(__always)
    private func text(_ v: ScannedValue) -> Value? {
        record!.scalarText(v).map(Value.string)
    }

    func fields(_ ids: [Int]) -> [String: Value] {
        // Sized for the fields present, not all projected: events wait in queues between threads,
        // and a rule pack projects many fields each event type lacks.
        var present = 0
        for id in ids where value(id) != nil { present += 1 }
        var out: [String: Value] = [:]
        out.reserveCapacity(present)
        for id in ids {
            if let v = value(id) { out[fieldNames[id]] = v }
        }
        return out
    }
}
