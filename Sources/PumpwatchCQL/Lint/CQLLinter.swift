import PumpwatchCore

/// Names the constructs of a query that pumpwatch runs but LogScale would not, and the real CQL
/// that replaces each: `union [...]`, `Field in [...]`, positional `if(c, a, b)` and `where`.
///
/// A positional `if` nested in another positional `if` is part of the outer finding, whose
/// replacement rewrites both.
public enum CQLLinter {
    /// The findings of `query`, in text order.
    public static func lint(_ query: CQLQuery) -> [CQLLintFinding] {
        var findings: [CQLLintFinding] = []
        visit(query.pipeline, into: &findings)
        return findings.sorted { $0.location.offset < $1.location.offset }
    }

    static func visit(_ pipeline: CQLPipeline, into findings: inout [CQLLintFinding]) {
        for stage in pipeline.stages { visit(stage, into: &findings) }
    }

    static func visit(_ stage: CQLStage, into findings: inout [CQLLintFinding]) {
        switch stage.kind {
        case .filter(let e):
            visit(e, into: &findings)
        case .call(let c):
            visit(c, into: &findings)
        case .assignment(let a):
            visit(a.value, into: &findings)
        case .where(let e):
            let replacement: String
            if case .binary(let op, let lhs, let rhs) = e.kind, op.isComparison, op != .doubleEqual,
                case .word = lhs.kind, isLiteral(rhs)
            {
                replacement = realCQL(e).description
            } else {
                replacement = "test(\(realCQL(e)))"
            }
            findings.append(
                CQLLintFinding(
                    construct: .whereClause, location: stage.location,
                    message: "LogScale has no `where`; filter with a bare comparison or `test()`", replacement: replacement))
            visit(e, into: &findings)
        case .subPipeline(let p):
            visit(p, into: &findings)
        case .union(let p):
            findings.append(
                CQLLintFinding(
                    construct: .union, location: stage.location,
                    message: "LogScale has no pipeline `union`; `[...]` in a pipeline means `stats()`",
                    replacement:
                        "one filter joining both branches with `or`, then `case { ... }` to tag each branch; or `defineTable()` with `match()`"))
            visit(p, into: &findings)
        case .caseBlock(let branches):
            for b in branches { visit(b.pipeline, into: &findings) }
        case .match(_, let branches):
            for b in branches { visit(b.pipeline, into: &findings) }
        case .aggregateList(let calls):
            for c in calls { visit(c, into: &findings) }
        }
    }

    static func visit(_ c: CQLFunctionCall, into findings: inout [CQLLintFinding]) {
        for a in c.arguments { visit(a.value, into: &findings) }
    }

    static func visit(_ e: CQLExpression, into findings: inout [CQLLintFinding]) {
        switch e.kind {
        case .word, .string, .regex, .parameter:
            return
        case .array(let items):
            for i in items { visit(i, into: &findings) }
        case .subQuery(let p):
            visit(p, into: &findings)
        case .unary(_, let x):
            visit(x, into: &findings)
        case .binary(.in, let lhs, let rhs):
            findings.append(
                CQLLintFinding(
                    construct: .inList, location: e.location,
                    message: "LogScale has no `in` operator", replacement: realCQL(e).description))
            visit(lhs, into: &findings)
            visit(rhs, into: &findings)
        case .binary(_, let a, let b):
            visit(a, into: &findings)
            visit(b, into: &findings)
        case .call(let c):
            if isPositionalIf(c) {
                findings.append(
                    CQLLintFinding(
                        construct: .positionalIf, location: c.location,
                        message: "LogScale's `if()` takes its branches as `then=` and `else=`", replacement: realCQL(e).description))
                for a in c.arguments { visitSkippingIf(a.value, into: &findings) }
            } else {
                visit(c, into: &findings)
            }
        }
    }

    /// Visits `e`, but positional `if`s inside it are covered by the enclosing finding.
    static func visitSkippingIf(_ e: CQLExpression, into findings: inout [CQLLintFinding]) {
        if case .call(let c) = e.kind, isPositionalIf(c) {
            for a in c.arguments { visitSkippingIf(a.value, into: &findings) }
        } else {
            visit(e, into: &findings)
        }
    }

    static func isPositionalIf(_ c: CQLFunctionCall) -> Bool {
        c.canonicalName == "if" && c.positional.count >= 2
    }

    static func isLiteral(_ e: CQLExpression) -> Bool {
        switch e.kind {
        case .string: return true
        case .word(let w): return Int64(w) != nil || Double(w) != nil
        case .unary(.negate, let x): return isLiteral(x)
        default: return false
        }
    }

    /// The expression rewritten in real CQL: `in` lists as `in()`, positional `if` with `then=`/`else=`.
    static func realCQL(_ e: CQLExpression) -> CQLExpression {
        switch e.kind {
        case .word, .string, .regex, .parameter, .subQuery:
            return e
        case .array(let items):
            return CQLExpression(.array(items.map(realCQL)), at: e.location)
        case .unary(let op, let x):
            return CQLExpression(.unary(op, realCQL(x)), at: e.location)
        case .binary(.in, let lhs, let rhs):
            var values: [CQLExpression] = []
            if case .array(let items) = rhs.kind {
                values = items.map { item in
                    if case .word(let w) = item.kind { return CQLExpression(.string(w), at: item.location) }
                    return item
                }
            }
            let call = CQLFunctionCall(
                name: "in",
                arguments: [
                    .init(name: "field", value: lhs, location: lhs.location),
                    .init(name: "values", value: CQLExpression(.array(values), at: rhs.location), location: rhs.location),
                ], location: e.location)
            return CQLExpression(.call(call), at: e.location)
        case .binary(let op, let a, let b):
            return CQLExpression(.binary(op, realCQL(a), realCQL(b)), at: e.location)
        case .call(var c):
            c.arguments = c.arguments.map { .init(name: $0.name, value: realCQL($0.value), location: $0.location) }
            if isPositionalIf(c) {
                let names = ["then", "else"]
                var k = 0
                c.arguments = c.arguments.enumerated().map { (i, a) in
                    guard a.name == nil, i > 0, k < names.count else { return a }
                    defer { k += 1 }
                    return .init(name: names[k], value: a.value, location: a.location)
                }
            }
            return CQLExpression(.call(c), at: e.location)
        }
    }
}
