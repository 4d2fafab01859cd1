import Foundation
import PumpwatchCore
import PumpwatchQuery

/// A deliberately naive evaluator of logical plans, for differential tests of `QueryExecutor`.
///
/// It walks the plan over an array of rows with plain loops and none of the executor's operators,
/// `ExpressionEvaluator`, `ValueComparison` or matchers. Its semantics are written from the
/// languages' documentation:
/// - ES|QL: three-valued logic; a comparison, arithmetic or function over null gives null; `==` and
///   `<` compare values of one type (a string literal is cast to a date); integer division truncates
///   and division by zero gives null; `LIKE`/`RLIKE` match the whole string; `IN` gives null when no
///   item matches and one is null; `SORT` puts nulls last ascending and first descending; `STATS`
///   gives aggregates then keys, groups null keys, and one row without keys even over no input;
///   `EVAL` moves a reassigned column to the end; `RENAME` keeps the column's place and replaces a
///   column that already has the new name; `FROM` lists every field alphabetically.
/// - CQL: every value is text read as a number where one is needed; `<`, `>` compare numbers only
///   and fail otherwise; a field filter on a missing field fails except `!=`; an assignment whose
///   value is missing leaves the target unset; `groupBy` drops events lacking a key; `sort` puts
///   missing values last and, with `type=number`, non-numbers after numbers.
///
/// Groups come out in order of first appearance and sorts are stable, so that results compare row
/// by row. Anything it does not implement throws `ReferenceEvaluator.Unsupported`.
struct ReferenceEvaluator {
    /// A plan node or expression the reference does not implement.
    struct Unsupported: Error, CustomStringConvertible {
        var construct: String
        var description: String { "the reference evaluator does not implement \(construct)" }
    }

    /// One row: column names in print order with their values (null where a column has none).
    typealias Row = [(name: String, value: Value)]

    let dialect: Dialect
    /// Every field of the input, listed by ES|QL's `FROM` even where a row lacks it.
    let schema: [String]

    /// The rows `plan` gives for `input` (each a field-to-value map).
    func run(_ plan: LogicalPlan, input: [[String: Value]]) throws -> [Row] {
        switch plan {
        case .source:
            return input.map { fields in
                let names = dialect == .esql ? Array(Set(schema).union(fields.keys)) : Array(fields.keys)
                return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { ($0, fields[$0] ?? .null) }
            }
        case .filter(let child, let condition):
            var out: [Row] = []
            for row in try run(child, input: input) where try truth(evaluate(condition, row)) == true {
                out.append(row)
            }
            return out
        case .eval(let child, let assignments):
            var out: [Row] = []
            for var row in try run(child, input: input) {
                for a in assignments {
                    let v = try evaluate(a.expression, row)
                    if v.isNull && a.skipWhenNull { continue }
                    assign(a.name, v, in: &row)
                }
                out.append(row)
            }
            return out
        case .aggregate(let child, let aggregation):
            return try aggregate(try run(child, input: input), aggregation)
        case .sort(let child, let keys, let limit):
            let rows = try sort(try run(child, input: input), keys)
            return limit.map { Array(rows.prefix($0)) } ?? rows
        case .limit(let child, let count, let end):
            let rows = try run(child, input: input)
            return end == .head ? Array(rows.prefix(count)) : Array(rows.suffix(count))
        case .union(let branches):
            var out: [Row] = []
            for b in branches { out += try run(b, input: input) }
            return out
        case .project(let child, let projection):
            return try run(child, input: input).map { try project($0, projection) }
        case .dissect, .extract, .mvExpand:
            throw Unsupported(construct: plan.operatorName)
        }
    }

    // MARK: - Rows

    static func value(_ row: Row, _ name: String) -> Value {
        for c in row where c.name == name { return c.value }
        return .null
    }

    private func assign(_ name: String, _ value: Value, in row: inout Row) {
        if let i = row.firstIndex(where: { $0.name == name }) {
            if dialect == .esql {
                row.remove(at: i)
                row.append((name, value))
            } else {
                row[i].value = value
            }
        } else {
            row.append((name, value))
        }
    }

    private func project(_ row: Row, _ projection: Projection) throws -> Row {
        switch projection {
        case .keep(let names):
            var out: Row = []
            for n in names {
                if n.contains("*") { throw Unsupported(construct: "KEEP with a wildcard") }
                if out.contains(where: { $0.name == n }) { continue }
                out.append((n, ReferenceEvaluator.value(row, n)))
            }
            return out
        case .drop(let names):
            if names.contains(where: { $0.contains("*") }) { throw Unsupported(construct: "DROP with a wildcard") }
            return row.filter { !names.contains($0.name) }
        case .rename(let pairs):
            var out = row
            for p in pairs {
                guard let i = out.firstIndex(where: { $0.name == p.from }) else { continue }
                if p.from == p.to { continue }
                if dialect == .cql && out[i].value.isNull { continue }
                out[i].name = p.to
                // The renamed column keeps its place; another column of that name goes.
                out = out.enumerated().filter { $0.offset == i || $0.element.name != p.to }.map(\.element)
            }
            return out
        }
    }

    // MARK: - Aggregation

    private func aggregate(_ rows: [Row], _ aggregation: Aggregation) throws -> [Row] {
        var groupKeys: [[Value]] = []
        var members: [[Row]] = []
        for row in rows {
            var key: [Value] = []
            for k in aggregation.keys { key.append(try evaluate(k.expression, row)) }
            if key.contains(where: { $0.isNull }) {
                if aggregation.dropNullKeys { continue }
                key = key.map { $0.isNull ? .null : $0 }
            }
            if let i = groupKeys.firstIndex(where: { sameKey($0, key) }) {
                members[i].append(row)
            } else {
                groupKeys.append(key)
                members.append([row])
            }
        }
        if groupKeys.isEmpty && aggregation.keys.isEmpty && aggregation.emptyInputGivesRow {
            groupKeys = [[]]
            members = [[]]
        }
        var out: [Row] = []
        for (key, group) in zip(groupKeys, members) {
            var aggregates: Row = []
            for call in aggregation.aggregates {
                var values: [Value] = []
                for row in group {
                    if let f = call.filter, try truth(evaluate(f, row)) != true { continue }
                    values.append(try call.argument.map { try evaluate($0, row) } ?? .bool(true))
                }
                aggregates.append((call.outputName, try compute(call, values)))
            }
            let keyColumns: Row = zip(aggregation.keys, key).map { ($0.name, $1) }
            out.append(aggregation.columnOrder == .keysThenAggregates ? keyColumns + aggregates : aggregates + keyColumns)
        }
        return out
    }

    private func sameKey(_ a: [Value], _ b: [Value]) -> Bool {
        zip(a, b).allSatisfy { x, y in x.isNull ? y.isNull : ReferenceEvaluator.identical(x, y) }
    }

    /// Equal values, text compared byte for byte (Swift's `==` on `String` would equate canonically
    /// equivalent text, which Elasticsearch keeps apart).
    static func identical(_ a: Value, _ b: Value) -> Bool {
        if case .string(let s) = a, case .string(let t) = b { return s.utf8.elementsEqual(t.utf8) }
        return a == b
    }

    /// One aggregate over the argument values of a group's rows (`true` per row for `count()`).
    private func compute(_ call: AggregateCall, _ values: [Value]) throws -> Value {
        let present = values.filter { !$0.isNull }
        switch call.function {
        case .count:
            return .int(Int64(values.count))
        case .countValues:
            return .int(Int64(present.count))
        case .countDistinct:
            var seen: [Value] = []
            for v in present where !seen.contains(where: { sameValue($0, v) }) { seen.append(v) }
            return .int(Int64(seen.count))
        case .sum, .avg:
            var ints: Int64 = 0
            var terms: [Double] = []
            var integral = true
            var n = 0
            for v in present {
                guard let number = number(v) else { continue }
                n += 1
                terms.append(number.value)
                if let i = number.integer { ints += i } else { integral = false }
            }
            if n == 0 { return .null }
            // The exact sum rounded once, as the executor keeps it: a running sum's rounding depends
            // on the rows' order.
            let total = ReferenceEvaluator.exactSum(terms)
            if call.function == .avg { return .double(total / Double(n)) }
            return integral ? .int(ints) : .double(total)
        case .min, .max:
            var best: Value?
            for v in present {
                let candidate: Value
                if dialect == .cql {
                    guard let number = number(v) else { continue }
                    candidate = number.integer.map { .int($0) } ?? .double(number.value)
                } else {
                    candidate = v
                }
                guard let b = best else {
                    best = candidate
                    continue
                }
                guard let c = try order(candidate, b) else { throw Unsupported(construct: "MIN/MAX over values of different types") }
                if (call.function == .min && c < 0) || (call.function == .max && c > 0) { best = candidate }
            }
            return best ?? .null
        case .values, .first, .last:
            throw Unsupported(construct: "aggregate \(call.function.rawValue)")
        }
    }

    /// The sum of `terms` without intermediate rounding (Shewchuk's partials, as Python's
    /// `math.fsum`), rounded to the nearest double at the end.
    static func exactSum(_ terms: [Double]) -> Double {
        var partials: [Double] = []
        for term in terms {
            var x = term
            var kept = 0
            for j in partials.indices {
                var y = partials[j]
                if abs(x) < abs(y) { swap(&x, &y) }
                let hi = x + y
                let lo = y - (hi - x)
                if lo != 0 {
                    partials[kept] = lo
                    kept += 1
                }
                x = hi
            }
            partials.removeSubrange(kept...)
            partials.append(x)
        }
        // Add the partials from the largest; a half-way remainder decides the last bit.
        guard var hi = partials.popLast() else { return 0 }
        var lo = 0.0
        while let y = partials.popLast() {
            let x = hi
            hi = x + y
            lo = y - (hi - x)
            if lo != 0 { break }
        }
        if let next = partials.last, (lo < 0 && next < 0) || (lo > 0 && next > 0) {
            let y = lo * 2
            let x = hi + y
            if y == x - hi { hi = x }
        }
        return hi
    }

    private func sameValue(_ a: Value, _ b: Value) -> Bool {
        if dialect == .cql, let s = text(a), let t = text(b) { return s.utf8.elementsEqual(t.utf8) }
        return ReferenceEvaluator.identical(a, b)
    }

    // MARK: - Sorting

    private func sort(_ rows: [Row], _ keys: [SortKey]) throws -> [Row] {
        var keyed: [(values: [Value], row: Row)] = []
        for row in rows { keyed.append((try keys.map { try evaluate($0.expression, row) }, row)) }
        // Insertion sort: stable by construction.
        var sorted: [(values: [Value], row: Row)] = []
        for item in keyed {
            var at = sorted.count
            while at > 0, try precedes(item.values, sorted[at - 1].values, keys) { at -= 1 }
            sorted.insert(item, at: at)
        }
        return sorted.map(\.row)
    }

    /// True when a row with sort values `a` goes strictly before one with `b`.
    private func precedes(_ a: [Value], _ b: [Value], _ keys: [SortKey]) throws -> Bool {
        for (i, key) in keys.enumerated() {
            let c = try compareForSort(a[i], b[i], key)
            if c != 0 { return c < 0 }
        }
        return false
    }

    private func compareForSort(_ x: Value, _ y: Value, _ key: SortKey) throws -> Int {
        let descending = key.order == .descending
        if x.isNull || y.isNull {
            if x.isNull && y.isNull { return 0 }
            let nullsFirst = dialect == .esql ? (key.nullsFirst ?? descending) : false
            return x.isNull == nullsFirst ? -1 : 1
        }
        let c: Int
        switch (dialect, key.comparison) {
        case (.cql, .number), (.cql, .natural):
            let nx = number(x), ny = number(y)
            switch (nx, ny) {
            case (let p?, let q?): c = p.value < q.value ? -1 : (p.value == q.value ? 0 : 1)
            case (nil, nil): c = lexical(text(x) ?? "", text(y) ?? "")
            case (nil, _): return 1  // non-numbers after numbers in either order
            case (_, nil): return -1
            }
        case (.cql, .string):
            c = lexical(text(x) ?? "", text(y) ?? "")
        case (.esql, .natural):
            guard let o = try order(x, y) else { throw Unsupported(construct: "SORT over values of different types") }
            c = o
        default:
            throw Unsupported(construct: "sort comparison \(key.comparison.rawValue) in \(dialect.rawValue)")
        }
        return descending ? -c : c
    }

    /// Byte order of the UTF-8 text, as Elasticsearch orders keywords.
    private func lexical(_ a: String, _ b: String) -> Int {
        if a.utf8.elementsEqual(b.utf8) { return 0 }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }

    /// ES|QL ordering of two non-null values of one type; nil when they do not compare.
    private func order(_ x: Value, _ y: Value) throws -> Int? {
        switch (x, y) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.int, .double), (.double, .int), (.double, .double):
            let a = number(x)!.value, b = number(y)!.value
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)): return lexical(a, b)
        case (.date(let a), .date(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.date(let a), .string(let s)):
            guard let b = Timestamp.parse(s) else { return nil }
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.string, .date):
            return try order(y, x).map { -$0 }
        case (.bool(let a), .bool(let b)): return a == b ? 0 : (a ? 1 : -1)
        default: return nil
        }
    }

    // MARK: - Expressions

    /// The truth of a condition's value: nil for null.
    func truth(_ v: Value) throws -> Bool? {
        switch v {
        case .bool(let b): return b
        case .null: return nil
        default: throw Unsupported(construct: "a condition of value \(v)")
        }
    }

    /// A number read from a value: from numeric text in CQL; `integer` when it has no fraction
    /// and was not written with one.
    func number(_ v: Value) -> (value: Double, integer: Int64?)? {
        switch v {
        case .int(let i): return (Double(i), i)
        case .double(let d): return (d, nil)
        case .date(let ms) where dialect == .cql: return (Double(ms), ms)  // LogScale times are epoch milliseconds
        case .string(let s) where dialect == .cql:
            if let i = Int64(s) { return (Double(i), i) }
            // Decimal text only: an optional sign, digits with an optional fraction, an optional exponent.
            let decimal = s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
            guard decimal, s.utf8.contains(where: { $0 >= 48 && $0 <= 57 }), let d = Double(s), d.isFinite else { return nil }
            return (d, nil)
        default: return nil
        }
    }

    /// The text of a scalar as a field filter matches it.
    func text(_ v: Value) -> String? {
        switch v {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : String(d)
        case .bool(let b): return b ? "true" : "false"
        case .date(let ms) where dialect == .cql: return String(ms)
        default: return nil
        }
    }

    func evaluate(_ e: PumpwatchQuery.Expression, _ row: Row) throws -> Value {
        switch e {
        case .field(let name):
            return ReferenceEvaluator.value(row, name)
        case .literal(let v):
            return v
        case .unary(.not, let x):
            return try truth(evaluate(x, row)).map { .bool(!$0) } ?? .null
        case .unary(.negate, let x):
            switch try evaluate(x, row) {
            case .int(let i): return .int(-i)
            case .double(let d): return .double(-d)
            case let v: return number(v).map { n in n.integer.map { .int(-$0) } ?? .double(-n.value) } ?? .null
            }
        case .binary(.and, let a, let b):
            let x = try truth(evaluate(a, row)), y = try truth(evaluate(b, row))
            if x == false || y == false { return .bool(false) }
            return x == true && y == true ? .bool(true) : .null
        case .binary(.or, let a, let b):
            let x = try truth(evaluate(a, row)), y = try truth(evaluate(b, row))
            if x == true || y == true { return .bool(true) }
            return x == false && y == false ? .bool(false) : .null
        case .binary(let op, let a, let b) where op.isComparison:
            return try compare(op, try evaluate(a, row), try evaluate(b, row))
        case .binary(let op, let a, let b):
            return try arithmetic(op, try evaluate(a, row), try evaluate(b, row))
        case .inList(let x, let items, let negated):
            let v = try evaluate(x, row)
            if v.isNull { return .null }
            var sawNull = false
            for item in items {
                switch try compare(.equal, v, try evaluate(item, row)) {
                case .bool(true): return .bool(!negated)
                case .null: sawNull = true
                default: break
                }
            }
            return sawNull ? .null : .bool(negated)
        case .isNull(let x, let negated):
            return .bool(try evaluate(x, row).isNull != negated)
        case .patternMatch(let x, let pattern, let negated):
            guard let s = text(try evaluate(x, row)) else { return .null }
            return .bool(try matches(pattern, s) != negated)
        case .fieldMatch(let field, let pattern, let negated):
            let v = ReferenceEvaluator.value(row, field)
            if v.isNull { return .bool(negated) }
            if case .any = pattern.kind { return .bool(!negated) }
            let hit = try v.elements.contains { try text($0).map { try matches(pattern, $0) } ?? false }
            return .bool(hit != negated)
        case .caseWhen(let clauses, let otherwise):
            for c in clauses where try truth(evaluate(c.condition, row)) == true {
                return try evaluate(c.value, row)
            }
            return try otherwise.map { try evaluate($0, row) } ?? .null
        case .call("date_trunc", let args):
            guard args.count == 2, case .timeSpan(let span) = args[0] else { throw Unsupported(construct: "\(e)") }
            return try truncate(try evaluate(args[1], row), to: span)
        case .call(let name, let args):
            return try call(name, try args.map { try evaluate($0, row) })
        case .timeSpan, .cast:
            throw Unsupported(construct: "\(e)")
        }
    }

    private func compare(_ op: BinaryOperator, _ x: Value, _ y: Value) throws -> Value {
        if x.isNull || y.isNull { return .null }
        let c: Int?
        if dialect == .cql {
            if let p = number(x), let q = number(y) {
                c = p.value < q.value ? -1 : (p.value == q.value ? 0 : 1)
            } else if op == .equal || op == .notEqual, let s = text(x), let t = text(y) {
                c = s.utf8.elementsEqual(t.utf8) ? 0 : 1
            } else {
                c = nil  // LogScale compares numbers only
            }
        } else {
            c = try order(x, y)
            if c == nil { throw Unsupported(construct: "comparing \(x) with \(y)") }
        }
        guard let c else { return .null }
        switch op {
        case .equal: return .bool(c == 0)
        case .notEqual: return .bool(c != 0)
        case .less: return .bool(c < 0)
        case .lessOrEqual: return .bool(c <= 0)
        case .greater: return .bool(c > 0)
        default: return .bool(c >= 0)
        }
    }

    private func arithmetic(_ op: BinaryOperator, _ x: Value, _ y: Value) throws -> Value {
        guard let p = number(x), let q = number(y) else {
            if dialect == .esql && !x.isNull && !y.isNull { throw Unsupported(construct: "arithmetic on \(x) and \(y)") }
            return .null
        }
        if let i = p.integer, let j = q.integer, dialect == .esql || op != .divide || (j != 0 && i % j == 0) {
            switch op {
            case .add: return .int(i + j)
            case .subtract: return .int(i - j)
            case .multiply: return .int(i * j)
            case .divide: return j == 0 ? .null : .int(i / j)
            case .modulo: return j == 0 ? .null : .int(i % j)
            default: throw Unsupported(construct: "operator \(op.rawValue)")
            }
        }
        let r: Double
        switch op {
        case .add: r = p.value + q.value
        case .subtract: r = p.value - q.value
        case .multiply: r = p.value * q.value
        case .divide:
            if q.value == 0 { return .null }
            r = p.value / q.value
        case .modulo:
            if q.value == 0 { return .null }
            r = p.value.truncatingRemainder(dividingBy: q.value)
        default: throw Unsupported(construct: "operator \(op.rawValue)")
        }
        return .double(r)
    }

    /// The start of the epoch-aligned span holding a date (fixed-length spans only).
    private func truncate(_ v: Value, to span: TimeSpan) throws -> Value {
        guard case .date(let ms) = v else { return v.isNull ? .null : try unsupportedCall("date_trunc", [v]) }
        let size: Int64
        switch span.unit {
        case .millisecond: size = span.amount
        case .second: size = span.amount * 1000
        case .minute: size = span.amount * 60_000
        case .hour: size = span.amount * 3_600_000
        case .day: size = span.amount * 86_400_000
        default: throw Unsupported(construct: "DATE_TRUNC to \(span)")
        }
        var bucket = ms / size
        if ms % size != 0 && ms < 0 { bucket -= 1 }
        return .date(bucket * size)
    }

    private func call(_ name: String, _ args: [Value]) throws -> Value {
        switch name {
        case "coalesce":
            return args.first { !$0.isNull } ?? .null
        case "lower", "upper":
            guard let s = args.first.flatMap(text) else { return .null }
            return .string(name == "lower" ? s.lowercased() : s.uppercased())
        case "length":
            guard case .string(let s)? = args.first else { return .null }
            return .int(Int64(s.unicodeScalars.count))
        case "concat":
            var out = ""
            for a in args {
                guard let t = text(a) else {
                    if a.isNull { return .null }
                    return try unsupportedCall(name, args)
                }
                out += t
            }
            return .string(out)
        case "abs":
            switch args.first {
            case .int(let i)?: return .int(abs(i))
            case .double(let d)?: return .double(abs(d))
            default: return .null
            }
        default:
            return try unsupportedCall(name, args)
        }
    }

    private func unsupportedCall(_ name: String, _ args: [Value]) throws -> Value {
        throw Unsupported(construct: "function \(name)(\(args.map(\.description).joined(separator: ", ")))")
    }

    // MARK: - Patterns

    func matches(_ pattern: StringPattern, _ s: String) throws -> Bool {
        switch pattern.kind {
        case .any:
            return true
        case .exact(let t):
            let a = Array((pattern.caseInsensitive ? s.lowercased() : s).unicodeScalars)
            let b = Array((pattern.caseInsensitive ? t.lowercased() : t).unicodeScalars)
            if pattern.anchored { return a == b }
            return b.isEmpty || (0...max(0, a.count - b.count)).contains { a.count >= b.count && Array(a[$0..<($0 + b.count)]) == b }
        case .glob(let g, let questionMark):
            return globMatches(Array(g.unicodeScalars), Array(s.unicodeScalars), questionMark: questionMark, caseInsensitive: pattern.caseInsensitive, anchored: pattern.anchored)
        case .regex(let r):
            let source = pattern.anchored ? "^(?:\(r))$" : r
            guard let re = try? NSRegularExpression(pattern: source, options: pattern.caseInsensitive ? [.caseInsensitive] : []) else {
                throw Unsupported(construct: "regex /\(r)/")
            }
            return re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
        }
    }

    /// `*` any run, `?` one character (when `questionMark`), `\` escapes; by backtracking over every split.
    private func globMatches(_ p: [Unicode.Scalar], _ s: [Unicode.Scalar], questionMark: Bool, caseInsensitive: Bool, anchored: Bool) -> Bool {
        if !anchored { return globMatches([Unicode.Scalar("*")] + p + [Unicode.Scalar("*")], s, questionMark: questionMark, caseInsensitive: caseInsensitive, anchored: true) }
        func same(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
            caseInsensitive ? String(a).lowercased() == String(b).lowercased() : a == b
        }
        func match(_ i: Int, _ j: Int) -> Bool {
            if i == p.count { return j == s.count }
            if p[i] == "*" {
                for k in j...s.count where match(i + 1, k) { return true }
                return false
            }
            if p[i] == "\\", i + 1 < p.count {
                return j < s.count && same(p[i + 1], s[j]) && match(i + 2, j + 1)
            }
            if p[i] == "?" && questionMark { return j < s.count && match(i + 1, j + 1) }
            return j < s.count && same(p[i], s[j]) && match(i + 1, j + 1)
        }
        return match(0, 0)
    }
}
