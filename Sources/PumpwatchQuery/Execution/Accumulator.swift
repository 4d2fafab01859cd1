import PumpwatchCore

/// The running state of one aggregate function for one group.
struct Accumulator {
    let call: AggregateCall
    let dialect: Dialect
    var count: Int64 = 0
    var intSum: Int64 = 0
    var doubleSum: Double = 0
    var allInts = true
    var numbers: Int64 = 0
    var best: Value?
    var bestTime: Int64 = .min
    var distinct: Set<Value> = []
    var ordered: [Value] = []

    init(call: AggregateCall, dialect: Dialect) {
        self.call = call
        self.dialect = dialect
    }

    mutating func add(_ value: Value, row: Row) {
        switch call.function {
        case .count:
            count += 1
        case .countValues:
            count += Int64(value.elements.count)
        case .countDistinct:
            for e in value.elements { distinct.insert(Accumulator.normalizedKey(e)) }
        case .sum, .avg:
            for e in value.elements {
                switch e {
                case .int(let i):
                    intSum = intSum &+ i
                    doubleSum += Double(i)
                    numbers += 1
                default:
                    guard let d = e.doubleValue else { continue }
                    if let i = e.intValue, !e.isFloatLike { intSum = intSum &+ i } else { allInts = false }
                    doubleSum += d
                    numbers += 1
                }
            }
        case .min, .max:
            for e in value.elements {
                var candidate = e
                if dialect == .cql {
                    guard let d = e.doubleValue else { continue }
                    candidate = (d == d.rounded() && abs(d) < 9e15 && !e.isFloatLike) ? .int(Int64(d)) : .double(d)
                }
                if let b = best {
                    let c = ValueComparison.sortOrder(candidate, b, comparison: .natural, dialect: dialect)
                    if (call.function == .min && c < 0) || (call.function == .max && c > 0) { best = candidate }
                } else {
                    best = candidate
                }
            }
        case .values:
            for e in value.elements {
                if let limit = call.limit, ordered.count >= limit { break }
                if distinct.insert(e).inserted { ordered.append(e) }
            }
        case .first:
            if best == nil, !value.isNull { best = value }
        case .last:
            guard !value.isNull else { return }
            let t: Int64
            switch row.values["@timestamp"] {
            case .date(let ms)?: t = ms
            case let v?: t = v.intValue ?? .min
            default: t = .min
            }
            if t >= bestTime {
                bestTime = t
                best = value
            }
        }
    }

    /// Distinct counting treats `1` and `1.0` and `"1"` in CQL alike.
    static func normalizedKey(_ v: Value) -> Value {
        if case .double(let d) = v, d == d.rounded(), abs(d) < 9e15 { return .int(Int64(d)) }
        return v
    }

    var result: Value {
        switch call.function {
        case .count, .countValues: return .int(count)
        case .countDistinct: return .int(Int64(distinct.count))
        case .sum:
            if numbers == 0 { return .null }
            return allInts ? .int(intSum) : .double(doubleSum)
        case .avg:
            return numbers == 0 ? .null : .double(doubleSum / Double(numbers))
        case .min, .max, .first, .last:
            return best ?? .null
        case .values:
            if let sep = call.separator { return ordered.isEmpty ? .null : .string(ordered.compactMap(\.stringValue).joined(separator: sep)) }
            if ordered.isEmpty { return .null }
            return ordered.count == 1 ? ordered[0] : .array(ordered)
        }
    }
}
