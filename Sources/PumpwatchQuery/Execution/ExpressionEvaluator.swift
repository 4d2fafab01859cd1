import PumpwatchCore

/// Evaluates plan expressions against rows, with three-valued logic and the dialect's conversions.
public final class ExpressionEvaluator: @unchecked Sendable {
    public let context: ExecutionContext
    let regexes = RegexCache()
    private var globs: [StringPattern: GlobMatcher] = [:]
    /// Regex answers by text, per pattern, for the short ASCII texts that repeat (domains, process
    /// names, user agents): a run of the regex costs far more than a lookup. At most
    /// `regexAnswerLimit` texts per pattern, forgotten all at once when full. (Only ASCII: string
    /// keys treat canonically equal texts as one, and the regex reads bytes.)
    private var regexAnswers: [(pattern: StringPattern, answers: [String: Bool])] = []
    static let regexAnswerLimit = 4096

    public init(context: ExecutionContext) {
        self.context = context
    }

    /// The value of `e` for `row`; null when a field is missing or an operand doesn't convert.
    public func evaluate(_ e: Expression, _ row: Row) -> Value {
        switch e {
        case .field(let name):
            return row.values[name] ?? .null
        case .literal(let v):
            return v
        case .timeSpan(let t):
            return .int(t.milliseconds)
        case .unary(.not, let x):
            switch truth(evaluate(x, row)) {
            case true?: return .bool(false)
            case false?: return .bool(true)
            case nil: return .null
            }
        case .unary(.negate, let x):
            switch evaluate(x, row) {
            case .int(let i): return .int(-i)
            case let v: return v.doubleValue.map { .double(-$0) } ?? .null
            }
        case .binary(let op, let a, let b):
            return binary(op, a, b, row)
        case .call(let name, let args):
            return ScalarFunctions.call(name, args, row, self)
        case .inList(let x, let list, let negated):
            let v = evaluate(x, row)
            if v.isNull { return .null }
            if case .array = v { return .null }
            var sawNull = false
            for item in list {
                let w = evaluate(item, row)
                switch ValueComparison.equals(v, w, dialect: context.dialect) {
                case true?: return .bool(!negated)
                case nil: sawNull = true
                default: break
                }
            }
            return sawNull ? .null : .bool(negated)
        case .isNull(let x, let negated):
            return .bool(evaluate(x, row).isNull != negated)
        case .patternMatch(let x, let p, let negated):
            let v = evaluate(x, row)
            guard let s = scalarText(v) else { return .null }
            return .bool(matches(p, s) != negated)
        case .fieldMatch(let field, let p, let negated):
            guard let v = row.values[field], !v.isNull else { return .bool(negated) }
            let hit = v.elements.contains { element in
                if case .any = p.kind { return true }
                return patternText(element).map { matches(p, $0) } ?? false
            }
            return .bool(hit != negated)
        case .caseWhen(let clauses, let otherwise):
            for c in clauses where truth(evaluate(c.condition, row)) == true {
                return evaluate(c.value, row)
            }
            return otherwise.map { evaluate($0, row) } ?? .null
        case .cast(let x, let type):
            return ScalarFunctions.convert(evaluate(x, row), to: type)
        }
    }

    /// The truth of a condition value: nil for null (unknown).
    public func truth(_ v: Value) -> Bool? {
        switch v {
        case .bool(let b): return b
        case .null: return nil
        case .string(let s): return s == "true" ? true : (s == "false" ? false : nil)
        case .int(let i): return i != 0
        default: return nil
        }
    }

    /// True when the condition holds for the row (null counts as false).
    public func holds(_ e: Expression, _ row: Row) -> Bool {
        truth(evaluate(e, row)) == true
    }

    /// The text of a value as a pattern or text function sees it; nil for null and for arrays of
    /// more or fewer than one value.
    func scalarText(_ v: Value) -> String? {
        if case .array(let a) = v { return a.count == 1 ? patternText(a[0]) : nil }
        return patternText(v)
    }

    /// The text a pattern matches a scalar by. LogScale times are epoch milliseconds, so in CQL a
    /// date reads as its milliseconds (`_bucket = *3*`), not as ISO 8601 text.
    @inline(__always)
    func patternText(_ v: Value) -> String? {
        if context.dialect == .cql, case .date(let ms) = v { return String(ms) }
        return v.stringValue
    }

    /// True when `text` matches the pattern.
    public func matches(_ p: StringPattern, _ text: String) -> Bool {
        switch p.kind {
        case .any: return true
        case .exact(let s):
            if p.anchored {
                return p.caseInsensitive ? s.lowercased() == text.lowercased() : s == text
            }
            return p.caseInsensitive ? text.lowercased().contains(s.lowercased()) : text.contains(s)
        case .glob(let g, let q):
            if let m = globs[p] { return m.matches(text) }
            let m = GlobMatcher(g, questionMark: q, caseInsensitive: p.caseInsensitive, anchored: p.anchored)
            globs[p] = m
            return m.matches(text)
        case .regex(let r):
            guard text.utf8.count <= 256, text.utf8.allSatisfy({ $0 < 0x80 }) else {
                return regexes.matches(r, caseInsensitive: p.caseInsensitive, anchored: p.anchored, in: text)
            }
            var slot = -1
            for i in regexAnswers.indices where regexAnswers[i].pattern == p {
                slot = i
                break
            }
            if slot < 0 {
                if regexAnswers.count >= 16 { regexAnswers.removeAll() }
                regexAnswers.append((p, [:]))
                slot = regexAnswers.count - 1
            }
            if let known = regexAnswers[slot].answers[text] { return known }
            let answer = regexes.matches(r, caseInsensitive: p.caseInsensitive, anchored: p.anchored, in: text)
            if regexAnswers[slot].answers.count >= ExpressionEvaluator.regexAnswerLimit {
                regexAnswers[slot].answers.removeAll(keepingCapacity: true)
            }
            regexAnswers[slot].answers[text] = answer
            return answer
        }
    }

    func binary(_ op: BinaryOperator, _ a: Expression, _ b: Expression, _ row: Row) -> Value {
        switch op {
        case .and:
            let x = truth(evaluate(a, row))
            if x == false { return .bool(false) }
            let y = truth(evaluate(b, row))
            if y == false { return .bool(false) }
            if x == true && y == true { return .bool(true) }
            return .null
        case .or:
            let x = truth(evaluate(a, row))
            if x == true { return .bool(true) }
            let y = truth(evaluate(b, row))
            if y == true { return .bool(true) }
            if x == false && y == false { return .bool(false) }
            return .null
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            let x = evaluate(a, row), y = evaluate(b, row)
            if op == .equal || op == .notEqual {
                guard let eq = ValueComparison.equals(x, y, dialect: context.dialect) else { return .null }
                return .bool(eq == (op == .equal))
            }
            guard let c = ValueComparison.compare(x, y, dialect: context.dialect) else { return .null }
            switch op {
            case .less: return .bool(c < 0)
            case .lessOrEqual: return .bool(c <= 0)
            case .greater: return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        case .add, .subtract, .multiply, .divide, .modulo:
            return arithmetic(op, evaluate(a, row), evaluate(b, row), spanRight: b, spanLeft: a)
        }
    }

    func arithmetic(_ op: BinaryOperator, _ x: Value, _ y: Value, spanRight: Expression, spanLeft: Expression) -> Value {
        if x.isNull || y.isNull { return .null }
        if case .array = x { return .null }
        if case .array = y { return .null }
        // Date and span arithmetic.
        if case .timeSpan(let span) = spanRight, op == .add || op == .subtract {
            if let ms = dateMillis(x) { return .date(DateMath.add(ms, span, sign: op == .add ? 1 : -1)) }
        }
        if case .timeSpan(let span) = spanLeft, op == .add, let ms = dateMillis(y) {
            return .date(DateMath.add(ms, span, sign: 1))
        }
        if case .date(let d1) = x, case .date(let d2) = y, op == .subtract { return .int(d1 - d2) }
        if case .int(let i) = x, case .int(let j) = y {
            switch op {
            case .add: return .int(i &+ j)
            case .subtract: return .int(i &- j)
            case .multiply: return .int(i &* j)
            case .divide:
                if j == 0 { return .null }
                if context.dialect == .esql { return .int(i / j) }
                return i % j == 0 ? .int(i / j) : .double(Double(i) / Double(j))
            case .modulo: return j == 0 ? .null : .int(i % j)
            default: return .null
            }
        }
        guard let p = x.doubleValue, let q = y.doubleValue else { return .null }
        let r: Double
        switch op {
        case .add: r = p + q
        case .subtract: r = p - q
        case .multiply: r = p * q
        case .divide: if q == 0 { return .null }; r = p / q
        case .modulo: if q == 0 { return .null }; r = p.truncatingRemainder(dividingBy: q)
        default: return .null
        }
        if context.dialect == .cql, r == r.rounded(), abs(r) < 9e15, !(x.isFloatLike || y.isFloatLike) { return .int(Int64(r)) }
        return .double(r)
    }

    func dateMillis(_ v: Value) -> Int64? {
        switch v {
        case .date(let ms): return ms
        case .string(let s): return Timestamp.parse(s)
        default: return nil
        }
    }
}

extension Value {
    /// True for doubles and for text holding a decimal point or exponent.
    var isFloatLike: Bool {
        switch self {
        case .double: return true
        case .string(let s): return s.contains(".") || s.contains("e") || s.contains("E")
        default: return false
        }
    }
}
