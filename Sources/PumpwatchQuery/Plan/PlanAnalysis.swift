import PumpwatchCore

/// Facts derived from a plan: the fields it reads (for projection pushdown).
public enum PlanAnalysis {
    /// The source fields the plan needs; `.all` when source rows reach the output unprojected.
    public static func requiredFields(_ plan: LogicalPlan) -> FieldProjection {
        var fields = Set<String>()
        let passthrough = visit(plan, &fields)
        if passthrough { return .all }
        fields.insert("@timestamp")
        return FieldProjection(names: fields)
    }

    /// Collects fields read below `plan`; returns true when whole source rows reach its output.
    private static func visit(_ plan: LogicalPlan, _ fields: inout Set<String>) -> Bool {
        switch plan {
        case .source(let s):
            if s.dialect == .cql { fields.insert("@rawstring") }
            return true
        case .filter(let c, let e):
            fields.formUnion(e.fieldsRead)
            return visit(c, &fields)
        case .eval(let c, let a):
            for x in a { fields.formUnion(x.expression.fieldsRead) }
            return visit(c, &fields)
        case .aggregate(let c, let a):
            for k in a.keys { fields.formUnion(k.expression.fieldsRead) }
            for g in a.aggregates {
                if let e = g.argument { fields.formUnion(e.fieldsRead) }
                if let f = g.filter { fields.formUnion(f.fieldsRead) }
                if g.function == .last { fields.insert("@timestamp") }
            }
            _ = visit(c, &fields)
            return false
        case .sort(let c, let keys, _):
            for k in keys { fields.formUnion(k.expression.fieldsRead) }
            return visit(c, &fields)
        case .limit(let c, _, _):
            return visit(c, &fields)
        case .union(let branches):
            var any = false
            for b in branches { any = visit(b, &fields) || any }
            return any
        case .dissect(let c, let f, _), .extract(let c, let f, _):
            fields.formUnion(f.fieldsRead)
            return visit(c, &fields)
        case .project(let c, let p):
            switch p {
            case .keep(let names):
                fields.formUnion(names)
                _ = visit(c, &fields)
                return false
            case .drop:
                return visit(c, &fields)
            case .rename(let pairs):
                fields.formUnion(pairs.map(\.from))
                return visit(c, &fields)
            }
        case .mvExpand(let c, let f):
            fields.insert(f)
            return visit(c, &fields)
        }
    }
}
