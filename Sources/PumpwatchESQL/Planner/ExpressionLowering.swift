import PumpwatchCore
import PumpwatchQuery

/// Turns ES|QL expressions into plan expressions, mapping function names to canonical ones.
enum ExpressionLowering {
    /// An expression outside `STATS` aggregates, where aggregate functions are not allowed.
    static func scalar(_ e: ESQLExpression) throws(QueryError) -> Expression {
        try lower(e) { (call: ESQLExpression, _: String, _: [ESQLExpression]) throws(QueryError) -> Expression in
            throw QueryError(.semantic, "\(call.text) is an aggregate; aggregate functions are only allowed in STATS", at: call.location)
        }
    }

    /// Lowers `e`; `aggregate` decides what an aggregate call becomes (an error, or a hidden column in STATS).
    static func lower(
        _ e: ESQLExpression,
        aggregate: (ESQLExpression, String, [ESQLExpression]) throws(QueryError) -> Expression
    ) throws(QueryError) -> Expression {
        func recurse(_ x: ESQLExpression) throws(QueryError) -> Expression { try lower(x, aggregate: aggregate) }
        switch e.kind {
        case .field(let name): return .field(name)
        case .null: return .literal(.null)
        case .boolean(let b): return .literal(.bool(b))
        case .integer(let i): return .literal(.int(i))
        case .decimal(let d): return .literal(.double(d))
        case .string(let s): return .literal(.string(s))
        case .timeSpan(let t): return .timeSpan(t)
        case .array(let items):
            var values: [Value] = []
            for item in items {
                guard case .literal(let v) = try recurse(item) else {
                    throw QueryError(.semantic, "a multi-value literal holds constants only", at: item.location)
                }
                values.append(v)
            }
            return .literal(.array(values))
        case .star:
            throw QueryError(.semantic, "'*' is only allowed in COUNT(*)", at: e.location)
        case .unary(let op, let x):
            return .unary(op == .not ? .not : .negate, try recurse(x))
        case .binary(let op, let a, let b):
            let left = try recurse(a)
            let right = try recurse(b)
            switch op {
            case .and: return .binary(.and, left, right)
            case .or: return .binary(.or, left, right)
            case .equal: return .binary(.equal, left, right)
            case .notEqual: return .binary(.notEqual, left, right)
            case .less: return .binary(.less, left, right)
            case .lessOrEqual: return .binary(.lessOrEqual, left, right)
            case .greater: return .binary(.greater, left, right)
            case .greaterOrEqual: return .binary(.greaterOrEqual, left, right)
            case .caseInsensitiveEqual: return .binary(.equal, .call("lower", [left]), .call("lower", [right]))
            case .add: return .binary(.add, left, right)
            case .subtract: return .binary(.subtract, left, right)
            case .multiply: return .binary(.multiply, left, right)
            case .divide: return .binary(.divide, left, right)
            case .modulo: return .binary(.modulo, left, right)
            }
        case .inList(let x, let items, let negated):
            var list: [Expression] = []
            for item in items { list.append(try recurse(item)) }
            return .inList(try recurse(x), list, negated: negated)
        case .isNull(let x, let negated):
            return .isNull(try recurse(x), negated: negated)
        case .like(let x, let patterns, let regex, let negated):
            let value = try recurse(x)
            let matches = patterns.map { p -> Expression in
                let kind: StringPattern.Kind = regex ? .regex(p) : .glob(p, questionMark: true)
                return .patternMatch(value, StringPattern(kind, caseInsensitive: false, anchored: true), negated: negated)
            }
            // `x LIKE ("a", "b")` matches either; `x NOT LIKE ("a", "b")` matches neither.
            return matches.dropFirst().reduce(matches[0]) { .binary(negated ? .and : .or, $0, $1) }
        case .cast(let x, let type):
            return .cast(try recurse(x), type)
        case .call(let name, let arguments):
            let lower = name.lowercased()
            if ESQLFunctions.isAggregate(lower) { return try aggregate(e, lower, arguments) }
            return try call(e, lower, arguments, recurse)
        }
    }

    private static func call(
        _ e: ESQLExpression, _ name: String, _ arguments: [ESQLExpression],
        _ recurse: (ESQLExpression) throws(QueryError) -> Expression
    ) throws(QueryError) -> Expression {
        var args: [Expression] = []
        for a in arguments { args.append(try recurse(a)) }
        switch name {
        case "case":
            guard args.count >= 2 else {
                throw QueryError(.semantic, "CASE takes conditions and values: CASE(condition, value, ..., default)", at: e.location)
            }
            var clauses: [WhenClause] = []
            var i = 0
            while i + 1 < args.count {
                clauses.append(WhenClause(args[i], args[i + 1]))
                i += 2
            }
            return .caseWhen(clauses, otherwise: i < args.count ? args[i] : nil)
        case "bucket":
            return try bucket(e, arguments, args)
        default:
            guard let function = ESQLFunctions.scalars[name] else {
                throw QueryError(.unsupported, name.uppercased(), at: e.location)
            }
            guard (function.minimum...function.maximum).contains(args.count) else {
                throw QueryError(.semantic, "\(name.uppercased()) takes \(ESQLFunctions.arityText(function)), not \(args.count)", at: e.location)
            }
            return .call(function.canonical, args)
        }
    }

    /// `BUCKET(date, 1 hour)` truncates the date; `BUCKET(number, 100)` rounds down to a multiple.
    private static func bucket(_ e: ESQLExpression, _ arguments: [ESQLExpression], _ args: [Expression]) throws(QueryError) -> Expression {
        if args.count == 4 {
            throw QueryError(.unsupported, "BUCKET with a bucket count (use BUCKET(field, span))", at: e.location)
        }
        guard args.count == 2 else {
            throw QueryError(.semantic, "BUCKET takes 2 arguments (field, span), not \(args.count)", at: e.location)
        }
        switch args[1] {
        case .timeSpan:
            return .call("date_trunc", [args[1], args[0]])
        case .literal(.int), .literal(.double):
            return .binary(.multiply, .call("floor", [.binary(.divide, args[0], args[1])]), args[1])
        default:
            throw QueryError(.unsupported, "BUCKET with a span that is not a constant", at: arguments[1].location)
        }
    }
}
