import PumpwatchCore

/// Prints a logical plan as an indented tree, root first, for `pumpwatch query --explain`.
public enum PlanPrinter {
    public static func print(_ plan: LogicalPlan) -> String {
        var lines: [String] = []
        render(plan, depth: 0, into: &lines)
        return lines.joined(separator: "\n")
    }

    static func render(_ plan: LogicalPlan, depth: Int, into lines: inout [String]) {
        let pad = String(repeating: "  ", count: depth)
        lines.append(pad + plan.operatorName + detail(plan))
        for c in plan.children { render(c, depth: depth + 1, into: &lines) }
    }

    static func detail(_ plan: LogicalPlan) -> String {
        switch plan {
        case .source(let s):
            var d = " [\(s.dialect.rawValue)]"
            if !s.indexPatterns.isEmpty { d += " " + s.indexPatterns.joined(separator: ", ") }
            if !s.metadata.isEmpty { d += " METADATA " + s.metadata.joined(separator: ", ") }
            return d
        case .filter(_, let e): return " " + text(e)
        case .eval(_, let assignments):
            return " " + assignments.map { "\($0.name) = \(text($0.expression))" + ($0.skipWhenNull ? " (skip null)" : "") }
                .joined(separator: ", ")
        case .aggregate(_, let a):
            var d = " " + a.aggregates.map(text).joined(separator: ", ")
            if !a.keys.isEmpty {
                d += " BY " + a.keys.map { k in
                    if case .field(let n) = k.expression, n == k.name { return n }
                    return "\(k.name) = \(text(k.expression))"
                }.joined(separator: ", ")
            }
            d += " order=" + (a.columnOrder == .keysThenAggregates ? "keys-first" : "aggregates-first")
            if let l = a.groupLimit { d += " limit=\(l)" }
            if a.dropNullKeys { d += " drop-null-keys" }
            return d
        case .sort(_, let keys, let limit):
            var d = " " + keys.map { k in
                var s = "\(text(k.expression)) \(k.order.rawValue)"
                if k.comparison != .natural { s += " type=\(k.comparison.rawValue)" }
                if let nf = k.nullsFirst { s += nf ? " NULLS FIRST" : " NULLS LAST" }
                return s
            }.joined(separator: ", ")
            if let limit { d += " limit=\(limit)" }
            return d
        case .limit(_, let count, let end): return " \(end.rawValue) \(count)"
        case .union(let b): return " branches=\(b.count)"
        case .dissect(_, let f, let p): return " \(text(f)) \(JSONWriter.quote(p.source))" + (p.appendSeparator.isEmpty ? "" : " APPEND_SEPARATOR=\(JSONWriter.quote(p.appendSeparator))")
        case .extract(_, let f, let p): return " \(text(f)) \(JSONWriter.quote(p.source)) -> " + p.groupNames.joined(separator: ", ") + (p.dropUnmatched ? " (drop unmatched)" : "")
        case .project(_, let p):
            switch p {
            case .keep(let c): return " keep " + c.joined(separator: ", ")
            case .drop(let c): return " drop " + c.joined(separator: ", ")
            case .rename(let r): return " rename " + r.map { "\($0.from) AS \($0.to)" }.joined(separator: ", ")
            }
        case .mvExpand(_, let f): return " " + f
        }
    }

    static func text(_ a: AggregateCall) -> String {
        var s = "\(a.outputName) = \(a.function.rawValue)(" + (a.argument.map(text) ?? "*") + ")"
        if let l = a.limit { s += " limit=\(l)" }
        if let sep = a.separator { s += " separator=\(JSONWriter.quote(sep))" }
        if let f = a.filter { s += " WHERE \(text(f))" }
        return s
    }

    /// The expression in a neutral, fully parenthesised notation.
    public static func text(_ e: Expression) -> String {
        switch e {
        case .field(let n): return n
        case .literal(let v):
            switch v {
            case .string(let s): return JSONWriter.quote(s)
            case .null: return "null"
            case .date(let ms): return "datetime(\(Timestamp.iso8601(millis: ms)))"
            default: return v.description
            }
        case .timeSpan(let t): return t.description
        case .unary(let op, let x): return op == .not ? "NOT \(text(x))" : "-\(text(x))"
        case .binary(let op, let a, let b): return "(\(text(a)) \(op.rawValue) \(text(b)))"
        case .call(let n, let args): return "\(n)(" + args.map(text).joined(separator: ", ") + ")"
        case .inList(let x, let list, let neg): return "\(text(x)) \(neg ? "NOT IN" : "IN") (" + list.map(text).joined(separator: ", ") + ")"
        case .isNull(let x, let neg): return "\(text(x)) IS \(neg ? "NOT " : "")NULL"
        case .patternMatch(let x, let p, let neg): return "\(text(x)) \(neg ? "NOT " : "")MATCHES \(p)"
        case .fieldMatch(let f, let p, let neg): return "\(f) \(neg ? "!=" : "=") \(p)"
        case .caseWhen(let clauses, let otherwise):
            var s = "case(" + clauses.map { "\(text($0.condition)) => \(text($0.value))" }.joined(separator: "; ")
            if let o = otherwise { s += "; else => \(text(o))" }
            return s + ")"
        case .cast(let x, let t): return "\(text(x))::\(t.rawValue)"
        }
    }
}
