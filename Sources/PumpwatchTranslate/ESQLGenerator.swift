import PumpwatchCore
import PumpwatchQuery

/// ES|QL. The base `Dialect` already spells ES|QL; this adds what plans from LogScale need:
/// CQL field filters as `==`/`LIKE`/`RLIKE` (regexes anchored and made Lucene), `collect()`
/// as `VALUES` joined after the `STATS`, numeric `MIN`/`MAX` of text, and a union as one pass
/// that tags each event's branch.
final class ESQLGenerator: Dialect {
    init(mapping: FieldMapping) {
        super.init(target: .esql, mapping: mapping)
    }

    static let branchField = "_branch"

    override func translate(_ plan: LogicalPlan) throws(TranslationError) -> String {
        if semanticsOf(plan) == .cql, case .limit(let inner, 200, .tail) = plan {
            // LogScale's implicit last-200-events.
            note("LogScale returns the 200 latest events; this returns them newest first")
            return try super.translate(.sort(inner, [SortKey(expression: .field("@timestamp"), order: .descending)], limit: 200))
        }
        return try super.translate(plan)
    }

    func semanticsOf(_ plan: LogicalPlan) -> PumpwatchQuery.Dialect? { plan.sources.first?.dialect }

    // MARK: - CQL filters

    override func fieldTest(_ subject: String, _ p: StringPattern) throws(TranslationError) -> String {
        let lowered = p.caseInsensitive ? "TO_LOWER(\(subject))" : subject
        switch p.kind {
        case .any:
            return "\(subject) IS NOT NULL"
        case .exact(let v):
            if p.anchored { return "\(lowered) == \(stringLiteral(p.caseInsensitive ? v.lowercased() : v))" }
            let pieces: [PatternText.GlobPiece] = [.any] + (p.caseInsensitive ? v.lowercased() : v).map { .literal($0) } + [.any]
            return "\(lowered) LIKE \(stringLiteral(like(pieces)))"
        case .glob(let g, let q):
            var pieces = PatternText.globPieces(p.caseInsensitive ? g.lowercased() : g, questionMark: q)
            if !p.anchored { pieces = [.any] + pieces + [.any] }
            return "\(lowered) LIKE \(stringLiteral(like(pieces)))"
        case .regex(let r):
            switch PatternText.lucene(r, anchored: p.anchored, caseInsensitive: p.caseInsensitive) {
            case .success(let (pattern, lower)):
                return "\(lower ? "TO_LOWER(\(subject))" : subject) RLIKE \(regexLiteral(pattern))"
            case .failure(let problem):
                throw refuse("regex /\(r)/", "Lucene regexes (RLIKE) do not support \(problem.construct)")
            }
        }
    }

    /// A glob as ES|QL's LIKE pattern: `*` and `?` wildcards, `\` escapes.
    func like(_ pieces: [PatternText.GlobPiece]) -> String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .any: out += "*"
            case .one: out += "?"
            case .literal(let c):
                if c == "*" || c == "?" || c == "\\" { out += "\\" }
                out.append(c)
            }
        }
        return out
    }

    /// A regex as a triple-quoted string, so that its backslashes stay as written.
    func regexLiteral(_ r: String) -> String {
        r.contains("\\") && !r.contains("\"\"\"") && !r.hasSuffix("\"") ? "\"\"\"" + r + "\"\"\"" : stringLiteral(r)
    }

    override func patternMatch(_ x: Expression, _ p: StringPattern, negated: Bool) throws(TranslationError) -> (String, Precedence) {
        if case .regex(let r) = p.kind, r.contains("\\") {
            let subject = try render(x, .comparison)
            return ("\(subject)\(negated ? " NOT" : "") RLIKE \(regexLiteral(r))", .comparison)
        }
        return try super.patternMatch(x, p, negated: negated)
    }

    // MARK: - CQL comparisons and aggregates

    override func binary(_ op: BinaryOperator, _ a: Expression, _ b: Expression) throws(TranslationError) -> (String, Precedence) {
        // LogScale compares text as a number when the other side is one.
        if semantics == .cql, op.isComparison, case .field = a, isNumber(b), !isNumericExpression(a) {
            let p = precedence(of: op)
            return ("TO_DOUBLE(\(try render(a, .atom))) \(op.rawValue) \(try render(b, .additive))", p)
        }
        if semantics == .cql, op == .divide { throw refuse("/", "LogScale divides exactly; ES|QL truncates integers") }
        return try super.binary(op, a, b)
    }

    func isNumber(_ e: Expression) -> Bool {
        switch e {
        case .literal(.int), .literal(.double): return true
        case .unary(.negate, let x): return isNumber(x)
        default: return false
        }
    }

    override func aggregate(_ input: Pipeline, _ a: Aggregation) throws(TranslationError) -> Pipeline {
        var out = try super.aggregate(input, a.withoutJoins)
        try joinCollected(&out, a.aggregates)
        return out
    }

    /// After the STATS: `collect()`'s values joined into one text, at most `limit` of them.
    func joinCollected(_ out: inout Pipeline, _ aggregates: [AggregateCall]) throws(TranslationError) {
        var parts: [String] = []
        for c in aggregates where c.function == .values && c.separator != nil {
            let name = identifier(c.outputName)
            var values = "MV_SORT(\(name))"
            if let l = c.limit { values = "MV_SLICE(\(values), 0, \(l - 1))" }
            parts.append("\(name) = MV_CONCAT(\(values), \(stringLiteral(c.separator ?? "\n")))")
            note("collect(limit=\(c.limit ?? 0)): past the limit, which values are kept differs (LogScale leaves it unspecified); here the first in sorted order")
        }
        if !parts.isEmpty { out.stages.append("EVAL " + parts.joined(separator: ", ")) }
    }

    override func aggregateCall(_ c: AggregateCall) throws(TranslationError) -> String {
        if c.function == .countDistinct {
            note("COUNT_DISTINCT is an estimate on Elasticsearch (exact below its precision threshold); pumpwatch counts exactly")
        }
        return try super.aggregateCall(c)
    }

    override func sort(_ input: Pipeline, _ keys: [SortKey], limit: Int?) throws(TranslationError) -> Pipeline {
        var fixed = keys
        for i in fixed.indices {
            if semantics == .cql {
                if fixed[i].comparison == .number, !isNumericExpression(fixed[i].expression) {
                    fixed[i].expression = .call("to_double", [fixed[i].expression])
                }
                if fixed[i].comparison == .hex { throw refuse("sort(type=hex)", "ES|QL has no hexadecimal ordering") }
                // LogScale puts missing values last.
                if fixed[i].nullsFirst == nil { fixed[i].nullsFirst = false }
            }
        }
        return try super.sort(input, fixed, limit: limit)
    }

    override func limit(_ input: Pipeline, _ count: Int, from end: LimitEnd) throws(TranslationError) -> Pipeline {
        if end == .tail {
            note("tail(\(count)): the \(count) latest events by @timestamp, newest first")
            return input.appending("SORT @timestamp DESC").appending("LIMIT \(count)")
        }
        return try super.limit(input, count, from: end)
    }

    override func eval(_ input: Pipeline, _ assignments: [Assignment]) throws(TranslationError) -> Pipeline {
        if semantics == .cql {
            note("CQL assigns nothing where a value is missing; EVAL assigns null (the same where the field did not exist)")
        }
        return try super.eval(input, assignments)
    }

    override func dissect(_ input: Pipeline, field: Expression, pattern: DissectPattern) throws(TranslationError) -> Pipeline {
        var text = "DISSECT \(try render(field, .atom)) \(stringLiteral(pattern.source))"
        if !pattern.appendSeparator.isEmpty { text += " APPEND_SEPARATOR=\(stringLiteral(pattern.appendSeparator))" }
        var out = input.appending(text)
        for n in pattern.outputNames { out.set(.init(name: n, text: identifier(n), type: .string)) }
        return out
    }

    override func extract(_ input: Pipeline, field: Expression, pattern: ExtractPattern) throws(TranslationError) -> Pipeline {
        var regex = pattern.regex
        if pattern.caseInsensitive { regex = "(?i)" + regex }
        if pattern.anchored { regex = "^(?:\(regex))$" }
        var out = input.appending("GROK \(try render(field, .atom)) \(regexLiteral(semantics == .esql ? pattern.source : regex))")
        for n in pattern.groupNames { out.set(.init(name: n, text: identifier(n), type: .string)) }
        if pattern.dropUnmatched, let first = pattern.groupNames.first {
            out = out.appending("WHERE \(identifier(first)) IS NOT NULL")
        }
        return out
    }

    // MARK: - Union as one tagged pass

    override func union(_ branches: [LogicalPlan]) throws(TranslationError) -> Pipeline {
        let u = try TaggedUnion(branches, refuse: refuse)
        guard u.aggregated else { throw refuse("union", "ES|QL runs one pipeline; branches that return events have no one-pass form here") }
        let tag = ESQLGenerator.branchField
        var p = try self.source(u.source)
        scope = p
        // The tag: the first branch whose leading filters the event passes.
        var tagParts: [String] = []
        for (i, b) in u.branches.enumerated() {
            guard !b.pre.contains(where: { if case .filter = $0 { return false }; return true }) else {
                throw refuse("union", "a branch computes values before it aggregates, which one pass cannot do per branch")
            }
            var conditions = b.conditions
            for step in b.pre { if case .filter(let e) = step { conditions.append(e) } }
            tagParts.append(try condition(conditions.dropFirst().reduce(conditions[0]) { .binary(.and, $0, $1) }))
            tagParts.append(String(i + 1))
        }
        p.stages.append("EVAL \(tag) = CASE(\(tagParts.joined(separator: ", ")))")
        p.stages.append("WHERE \(tag) IS NOT NULL")
        p.set(.init(name: tag, text: tag, type: .long))
        scope = p
        // Keys of other branches are null on each branch's rows, so they do not split its groups.
        var nulling: [String] = []
        for k in u.keys {
            let owners = u.branches.indices.filter { u.branches[$0].aggregation?.keys.contains(where: { $0.name == k.name }) == true }
            if owners.count == u.branches.count { continue }
            let test = owners.map { "\(tag) == \($0 + 1)" }.joined(separator: " OR ")
            nulling.append("\(identifier(k.name)) = CASE(\(test), \(try expression(k.expression)))")
        }
        guard let first = u.branches.first?.aggregation else { return p }
        if first.dropNullKeys {
            var tests: [String] = []
            for (i, b) in u.branches.enumerated() {
                let keys = try (b.aggregation?.keys ?? []).mapTranslating { (k) throws(TranslationError) in "\(try expression(k.expression)) IS NOT NULL" }
                tests.append("(\(tag) == \(i + 1) AND " + keys.joined(separator: " AND ") + ")")
            }
            p.stages.append("WHERE " + tests.joined(separator: " OR "))
        }
        if !nulling.isEmpty { p.stages.append("EVAL " + nulling.joined(separator: ", ")) }
        for k in u.keys { p.set(.init(name: k.name, text: identifier(k.name), type: nil)) }
        scope = p
        var merged = first
        merged.keys = [GroupKey(name: tag, expression: .field(tag))] + u.keys.map { GroupKey(name: $0.name, expression: .field($0.name)) }
        merged.dropNullKeys = false
        merged.aggregates = u.aggregates.map { c in
            var c = c
            let owners = u.owners[c.outputName] ?? []
            if owners.count < u.branches.count {
                let only: Expression = owners.sorted().map { Expression.binary(.equal, .field(tag), .literal(.int(Int64($0)))) }
                    .reduce(nil as Expression?) { acc, e in acc.map { .binary(.or, $0, e) } ?? e }!
                c.filter = c.filter.map { .binary(.and, only, $0) } ?? only
            }
            return c
        }
        p = try aggregate(p, merged)
        // Aggregates of other branches are null on each branch's rows.
        var foreign: [String] = []
        for c in u.aggregates {
            let owners = u.owners[c.outputName] ?? []
            guard owners.count < u.branches.count else { continue }
            let test = owners.sorted().map { "\(tag) == \($0)" }.joined(separator: " OR ")
            foreign.append("\(identifier(c.outputName)) = CASE(\(test), \(identifier(c.outputName)))")
        }
        if !foreign.isEmpty { p.stages.append("EVAL " + foreign.joined(separator: ", ")) }
        scope = p
        // Each branch's own steps on the rows of its tag.
        for (i, b) in u.branches.enumerated() {
            for step in b.post {
                scope = p
                switch step {
                case .filter(let e):
                    p.stages.append("WHERE \(tag) != \(i + 1) OR \(try render(pushNot(fold(e)), .or))")
                case .eval(let assignments):
                    var parts: [String] = []
                    for a in assignments {
                        let value = try expression(a.expression)
                        let keep = p.column(a.name) != nil ? ", \(identifier(a.name))" : ""
                        parts.append("\(identifier(a.name)) = CASE(\(tag) == \(i + 1), \(value)\(keep))")
                        p.set(.init(name: a.name, text: identifier(a.name), type: nil))
                    }
                    p.stages.append("EVAL " + parts.joined(separator: ", "))
                default:
                    throw refuse("union", "a branch's steps after its aggregate have no one-pass form in ES|QL")
                }
            }
        }
        p.stages.append("DROP \(tag)")
        p.columns.removeAll { $0.name == tag }
        return p
    }
}

extension Aggregation {
    /// The aggregation with `collect()`'s joining left for a step after it.
    var withoutJoins: Aggregation {
        var a = self
        a.aggregates = aggregates.map { c in
            var c = c
            if c.function == .values { c.separator = nil; c.limit = nil }
            return c
        }
        return a
    }
}
