import PumpwatchCore
import PumpwatchQuery

/// Sigma rules: the filters as a detection rule, and a count over groups with a threshold as a
/// correlation rule (`event_count`, or `value_count` for a distinct count) that refers to it. A
/// union gives a pair of rules per branch, in one multi-document YAML file.
///
/// Sigma matches stored fields, case-insensitively unless `|cased`, and has no computed fields, no
/// time conditions (the search window is set where the rule runs) and no aggregate values: a
/// correlation reports the groups that cross its threshold. Aggregates that only describe a group
/// (first and last seen, distinct processes) are listed in a comment as not reported.
final class SigmaGenerator: Dialect {
    init(mapping: FieldMapping) {
        super.init(target: .sigma, mapping: mapping)
    }

    /// One Sigma rule document.
    struct Rule {
        var name: String
        var lines: [String]
    }

    override func translate(_ plan: LogicalPlan) throws(TranslationError) -> String {
        try bind(plan)
        startPass()
        var rules: [Rule] = []
        var comments: [String] = []
        let body = try stripDisplay(plan, comments: &comments)
        if case .union(let branches) = body {
            for (i, b) in branches.enumerated() {
                rules += try rulesFor(try stripDisplay(b, comments: &comments), label: "branch \(i + 1)", prefix: "branch_\(i + 1)")
            }
        } else {
            rules += try rulesFor(body, label: "query", prefix: "query")
        }
        var lines = (notes + comments).map { "# " + $0 }
        lines.append(rules.map { $0.lines.joined(separator: "\n") }.joined(separator: "\n---\n"))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The plan without its display steps (sorting, the implicit row limits), which a detection does not have.
    func stripDisplay(_ plan: LogicalPlan, comments: inout [String]) throws(TranslationError) -> LogicalPlan {
        switch plan {
        case .sort(_, _, let limit?) where limit != 200 && limit != 1000:
            throw refuse("the top \(limit) rows", "a Sigma correlation reports every group that crosses its threshold")
        case .limit(_, let n, _) where n != 200 && n != 1000:
            throw refuse("LIMIT \(n)", "a Sigma correlation reports every group that crosses its threshold")
        case .sort(let p, _, _):
            if !comments.contains("the rows' order and row limits are not part of a detection") {
                comments.append("the rows' order and row limits are not part of a detection")
            }
            return try stripDisplay(p, comments: &comments)
        case .limit(let p, let n, _) where n == 200 || n == 1000:
            return try stripDisplay(p, comments: &comments)
        default:
            return plan
        }
    }

    /// The detection rule of a branch and, when it aggregates, its correlation rule.
    func rulesFor(_ plan: LogicalPlan, label: String, prefix: String) throws(TranslationError) -> [Rule] {
        guard let (_, steps) = PlanStep.linear(plan) else { throw refuse("a nested union", "Sigma rules do not nest") }
        var conditions: [Expression] = []
        var aggregation: Aggregation?
        var after: [PlanStep] = []
        scope = Pipeline()
        for step in steps {
            switch step {
            case .filter(let e) where aggregation == nil: conditions.append(e)
            case .aggregate(let a) where aggregation == nil: aggregation = a
            case .project where aggregation == nil: break
            default:
                if aggregation == nil { throw refuse(stepName(step), "Sigma detections match stored fields and cannot compute values") }
                after.append(step)
            }
        }
        let detectionName = "\(prefix)_events"
        var detection = Rule(name: detectionName, lines: [])
        detection.lines.append("title: pumpwatch translation, \(label) events")
        detection.lines.append("name: \(detectionName)")
        detection.lines.append("status: experimental")
        detection.lines += logsource()
        detection.lines += try self.detection(conditions)
        if aggregation == nil { detection.lines.append("level: medium") }
        guard let a = aggregation else { return [detection] }
        return [detection, try correlation(a, after: after, rule: detectionName, label: label)]
    }

    func stepName(_ step: PlanStep) -> String {
        switch step {
        case .eval(let a): return "EVAL " + a.map { "\($0.name) = \(PlanPrinter.text($0.expression))" }.joined(separator: ", ")
        case .dissect: return "DISSECT"
        case .extract: return "regex extraction"
        case .mvExpand: return "MV_EXPAND"
        case .sort: return "SORT"
        case .limit: return "LIMIT"
        case .aggregate: return "a second aggregation"
        case .filter: return "a filter after the aggregation"
        case .project: return "KEEP"
        }
    }

    func logsource() -> [String] {
        let parts = (source.from ?? "").split(separator: "/").map(String.init)
        var lines = ["logsource:"]
        if let product = parts.first { lines.append("  product: \(product)") }
        if parts.count > 1 { lines.append("  service: \(parts[1])") }
        return lines
    }

    // MARK: - Detection

    /// The filters as named selections and a condition over them.
    func detection(_ conditions: [Expression]) throws(TranslationError) -> [String] {
        var selections: [(String, [String])] = []
        var condition: [String] = []
        for c in conditions {
            try checkTextForms(c)
            let term = try sigmaCondition(pushNot(fold(c)), &selections)
            if term != "true" { condition.append(term) }
        }
        var lines = ["detection:"]
        for (name, body) in selections {
            lines.append("  \(name):")
            lines += body.map { "    " + $0 }
        }
        if condition.isEmpty {
            throw refuse("a query without filters", "a Sigma detection needs at least one selection")
        }
        lines.append("  condition: " + condition.joined(separator: " and "))
        return lines
    }

    /// A condition as Sigma's condition language over selections it adds.
    func sigmaCondition(_ e: Expression, _ selections: inout [(String, [String])]) throws(TranslationError) -> String {
        func add(_ body: [String]) -> String {
            let name = "selection_\(selections.count + 1)"
            selections.append((name, body))
            return name
        }
        switch e {
        case .literal(.bool(true)): return "true"
        case .binary(.and, let a, let b):
            return "\(try group(a, .and, &selections)) and \(try group(b, .and, &selections))"
        case .binary(.or, let a, let b):
            if let (f, values) = exactAlternatives(e) {
                return add(["\(try sigmaField(f))|cased:"] + values.map { "  - " + yamlString($0) })
            }
            return "\(try group(a, .or, &selections)) or \(try group(b, .or, &selections))"
        case .fieldMatch(let f, let p, let negated):
            let name = add([try matcher(try sigmaField(f), p)])
            return negated ? "not \(name)" : name
        case .patternMatch(.field(let f), let p, let negated):
            // ES|QL: a missing field neither matches nor fails to match.
            let name = add([try matcher(try sigmaField(f), p)])
            if !negated { return name }
            let present = add(["\(try sigmaField(f)): null"])
            return "not \(present) and not \(name)"
        case .binary(let op, .field(let f), .literal(let v)) where op.isComparison:
            let field = try sigmaField(f)
            switch op {
            case .equal: return add(["\(field)|cased: \(try yamlValue(v))"])
            case .notEqual:
                let name = add(["\(field)|cased: \(try yamlValue(v))"])
                if semantics == .cql { return "not \(name)" }
                let present = add(["\(field): null"])
                return "not \(present) and not \(name)"
            case .less: return add(["\(field)|lt: \(try yamlValue(v))"])
            case .lessOrEqual: return add(["\(field)|lte: \(try yamlValue(v))"])
            case .greater: return add(["\(field)|gt: \(try yamlValue(v))"])
            default: return add(["\(field)|gte: \(try yamlValue(v))"])
            }
        case .inList(.field(let f), let items, let negated):
            var values: [String] = []
            for i in items {
                guard case .literal(let v) = i else { throw refuse("IN with \(PlanPrinter.text(i))", "Sigma lists hold constants") }
                values.append("  - " + (try yamlValue(v)))
            }
            let name = add(["\(try sigmaField(f))|cased:"] + values)
            if !negated { return name }
            let present = add(["\(try sigmaField(f)): null"])
            return "not \(present) and not \(name)"
        case .isNull(.field(let f), let negated):
            let name = add(["\(try sigmaField(f)): null"])
            return negated ? "not \(name)" : name
        default:
            throw refuse("the condition \(PlanPrinter.text(e))", "Sigma compares stored fields with constants")
        }
    }

    func group(_ e: Expression, _ parent: BinaryOperator, _ selections: inout [(String, [String])]) throws(TranslationError) -> String {
        let text = try sigmaCondition(e, &selections)
        if case .binary(let op, _, _) = e, (op == .and || op == .or), op != parent, exactAlternatives(e) == nil { return "(\(text))" }
        return text.contains(" and ") && parent == .or ? "(\(text))" : text
    }

    /// One field/modifier/value line of a selection.
    func matcher(_ field: String, _ p: StringPattern) throws(TranslationError) -> String {
        let cased = p.caseInsensitive ? "" : "|cased"
        switch p.kind {
        case .any: return "\(field)|exists: true"
        case .exact(let v):
            if p.anchored { return "\(field)\(cased): \(yamlString(escapeWildcards(v)))" }
            return "\(field)|contains\(cased): \(yamlString(escapeWildcards(v)))"
        case .glob(let g, let q):
            var pieces = PatternText.globPieces(g, questionMark: q)
            if !p.anchored { pieces = [.any] + pieces + [.any] }
            var text = ""
            for piece in pieces {
                switch piece {
                case .any: text += "*"
                case .one: text += "?"
                case .literal(let c): text += escapeWildcards(String(c))
                }
            }
            return "\(field)\(cased): \(yamlString(text))"
        case .regex(let r):
            note("regexes are written for |re as the plan has them; Sigma backends run them in their own regex engines")
            let re = p.anchored ? "^(?:\(r))$" : r
            var body = re
            var modifier = "|re"
            if body.hasPrefix("(?i)") {
                body.removeFirst(4)
                modifier += "|i"
            } else if p.caseInsensitive {
                modifier += "|i"
            }
            return "\(field)\(modifier): \(yamlString(body))"
        }
    }

    /// Sigma's wildcards `*` and `?` and its escape `\` escaped, so that the text matches literally.
    func escapeWildcards(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "*", with: "\\*").replacingOccurrences(of: "?", with: "\\?")
    }

    func sigmaField(_ name: String) throws(TranslationError) -> String {
        let e = try entry(name)
        use(name, e)
        if e.constant != nil { throw refuse("field \(name)", "it is the same for every event of the log source") }
        if e.expression != nil || e.prelude != nil { throw refuse("field \(name)", "Sigma matches stored fields; this one is derived") }
        return e.name ?? name
    }

    // MARK: - Correlation

    /// A correlation rule: the groups whose event count (or distinct count) crosses a threshold.
    func correlation(_ a: Aggregation, after: [PlanStep], rule: String, label: String) throws(TranslationError) -> Rule {
        var threshold: (column: String, op: String, value: String)?
        var evals: [Assignment] = []
        for step in after {
            switch step {
            case .filter(let e):
                guard threshold == nil, case .binary(let op, .field(let c), .literal(let v)) = e, v.doubleValue != nil,
                    [.greater, .greaterOrEqual, .less, .lessOrEqual].contains(op)
                else { throw refuse("the filter \(PlanPrinter.text(e)) after the aggregation", "a correlation has one threshold on its count") }
                let ops: [BinaryOperator: String] = [.greater: "gt", .greaterOrEqual: "gte", .less: "lt", .lessOrEqual: "lte"]
                threshold = (c, ops[op]!, try literal(v))
            case .eval(let assignments):
                evals += assignments
            case .project:
                break
            default:
                throw refuse(stepName(step), "a correlation rule has no steps after its threshold")
            }
        }
        guard let threshold else { throw refuse("an aggregation without a threshold", "a correlation rule fires on a threshold") }
        guard let counted = a.aggregates.first(where: { $0.outputName == threshold.column }) else {
            throw refuse("the threshold on \(threshold.column)", "it is not an aggregate of the group")
        }
        var keys: [String] = []
        var timespan: String?
        for k in a.keys {
            switch k.expression {
            case .field(let f):
                keys.append(try sigmaField(f))
            case .call("date_trunc", let args) where args.count == 2:
                guard case .timeSpan(let span) = args[0], let t = sigmaSpan(span) else {
                    throw refuse("the key \(k.name)", "Sigma timespans are seconds, minutes, hours or days")
                }
                timespan = t
                note("\(k.name): Sigma's timespan windows are the backend's (often sliding), not DATE_TRUNC's fixed, epoch-aligned ones")
            default:
                throw refuse("the key \(k.name) = \(PlanPrinter.text(k.expression))", "Sigma groups by stored fields")
            }
        }
        var type: String
        var field: String?
        switch counted.function {
        case .count: type = "event_count"
        case .countDistinct:
            type = "value_count"
            guard case .field(let f)? = counted.argument else { throw refuse("the distinct count", "Sigma counts the values of a field") }
            field = try sigmaField(f)
        default:
            throw refuse("a threshold on \(counted.function.rawValue)()", "Sigma correlations count events or distinct values")
        }
        if counted.filter != nil { throw refuse("STATS ... WHERE", "Sigma counts every event of the rule") }
        let described = a.aggregates.filter { $0.outputName != counted.outputName }.map { "\($0.outputName) = \($0.function.rawValue)(\($0.argument.map(PlanPrinter.text) ?? ""))" }
        if !described.isEmpty {
            note("\(label): not reported by the correlation (Sigma returns no aggregate values): " + described.joined(separator: ", "))
        }
        var level = "medium"
        for e in evals {
            if case .literal(.string(let s)) = e.expression {
                note("\(label): \(e.name) = \"\(s)\" (the title says which branch fired)")
            } else if let tiers = tiers(e, count: counted.outputName) {
                level = tiers.last.map { sigmaLevel($0.1) } ?? level
                note("\(label): \(e.name) is " + tiers.map { t in t.0.map { "\(t.1) above \($0)" } ?? "\(t.1) otherwise" }.joined(separator: ", ") + "; the correlation fires at the threshold with level \(level)")
            } else {
                throw refuse("\(e.name) = \(PlanPrinter.text(e.expression))", "a correlation rule computes no values")
            }
        }
        if timespan == nil {
            timespan = "1d"
            note("\(label): the query counts over the whole search window; timespan 1d stands for it (set it to the window you search)")
        }
        var lines = ["title: pumpwatch translation, \(label)", "status: experimental", "correlation:", "  type: \(type)", "  rules:", "    - \(rule)"]
        if !keys.isEmpty { lines += ["  group-by:"] + keys.map { "    - \($0)" } }
        lines.append("  timespan: \(timespan!)")
        lines.append("  condition:")
        lines.append("    \(threshold.op): \(threshold.value)")
        if let field { lines.append("    field: \(field)") }
        lines.append("level: \(level)")
        return Rule(name: "\(rule)_correlation", lines: lines)
    }

    /// `if(count > a, "Critical", if(count > b, "High", "Medium"))`: each tier's bound and label.
    func tiers(_ a: Assignment, count: String) -> [(Int64?, String)]? {
        var out: [(Int64?, String)] = []
        var e: Expression? = a.expression
        while let current = e {
            switch current {
            case .caseWhen(let clauses, let otherwise):
                for c in clauses {
                    guard case .binary(.greater, .field(let f), .literal(.int(let n))) = c.condition, f == count,
                        case .literal(.string(let label)) = c.value
                    else { return nil }
                    out.append((n, label))
                }
                e = otherwise
            case .literal(.string(let label)):
                out.append((nil, label))
                e = nil
            default:
                return nil
            }
        }
        return out.isEmpty ? nil : out
    }

    func sigmaLevel(_ label: String) -> String {
        let l = label.lowercased()
        return ["informational", "low", "medium", "high", "critical"].contains(l) ? l : "medium"
    }

    func sigmaSpan(_ t: TimeSpan) -> String? {
        switch t.unit {
        case .second: return "\(t.amount)s"
        case .minute: return "\(t.amount)m"
        case .hour: return "\(t.amount)h"
        case .day: return "\(t.amount)d"
        case .week: return "\(t.amount * 7)d"
        default: return nil
        }
    }

    // MARK: - Values

    func yamlValue(_ v: Value) throws(TranslationError) -> String {
        switch v {
        case .string(let s): return yamlString(s)
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "true" : "false"
        default: throw refuse("the value \(v)", "Sigma values are text and numbers")
        }
    }

    /// A YAML scalar in single quotes (quotes doubled), so that no character is special.
    func yamlString(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
}
