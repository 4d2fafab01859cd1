import PumpwatchCore
import PumpwatchQuery

/// LogScale (CQL) as LogScale runs it: field filters, `in(field=, values=[])`, `test()` for
/// computed conditions, `if(..., then=, else=)`, `:=` assignments, `groupBy()`, and the seed's
/// `union [ ... ]` as one pass that tags each event's branch with `case { ... }`.
///
/// In CQL `or` binds tighter than `and`, so every mixed `and`/`or` is written with parentheses.
final class CQLGenerator: Dialect {
    init(mapping: FieldMapping) {
        super.init(target: .cql, mapping: mapping)
    }

    /// The name of the tag that says which branch of a union an event belongs to.
    static let branchField = "_branch"

    override func translate(_ plan: LogicalPlan) throws(TranslationError) -> String {
        // A CQL query with no aggregate ends in an implicit `tail(200)`; LogScale adds it itself.
        if case .limit(let inner, 200, .tail) = plan, plan.sources.first?.dialect == .cql, !hasOrderingNode(inner) {
            return try super.translate(inner)
        }
        return try super.translate(plan)
    }

    func hasOrderingNode(_ plan: LogicalPlan) -> Bool {
        switch plan {
        case .aggregate, .sort, .limit: return true
        default: return plan.children.contains(where: hasOrderingNode)
        }
    }

    override func document(_ pipeline: Pipeline) -> String {
        var lines = notes.map { "// " + $0 }
        lines.append(pipeline.stages.joined(separator: "\n| "))
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Operators

    override func source(_ s: SourceSelection) throws(TranslationError) -> Pipeline {
        var p = Pipeline()
        if let from = source.from, !from.isEmpty { p.stages = [from] }
        for name in derivedFields { p.stages.append(try prelude(name, try entry(name))) }
        return p
    }

    override func prelude(_ field: String, _ e: FieldEntry) throws(TranslationError) -> String {
        if let p = e.prelude { return p }
        return "\(e.name ?? field) := \(e.expression ?? "\"\"")"
    }

    override func filter(_ input: Pipeline, _ c: Expression) throws(TranslationError) -> Pipeline {
        try checkTextForms(c)
        let folded = pushNot(fold(c))
        if folded == .literal(.bool(true)) { return input }
        var out = input
        for term in TaggedUnion.conjuncts(folded) { out.stages += try filterStages(term) }
        return out
    }

    /// A filter term as stages: ES|QL's negative tests, which are false for a missing field,
    /// become `F = *` and then LogScale's negative test, which alone would pass it.
    func filterStages(_ e: Expression) throws(TranslationError) -> [String] {
        switch e {
        case .binary(.notEqual, .field(let f), .literal(.string(let s))) where semantics == .esql:
            let name = try fieldText(f)
            return ["\(name) = *", "\(name) != \(valueString(s))"]
        case .inList(.field(let f), let items, true):
            let name = try fieldText(f)
            return ["\(name) = *", "!in(field=\(name), values=[\(try items.mapTranslating(valueText).joined(separator: ", "))])"]
        case .patternMatch(.field(let f), let p, true):
            let name = try fieldText(f)
            return ["\(name) = *", try fieldFilter(name, p, negated: true)]
        default:
            return [try filterText(e)]
        }
    }

    override func eval(_ input: Pipeline, _ assignments: [Assignment]) throws(TranslationError) -> Pipeline {
        var out = input
        for a in assignments {
            if !a.skipWhenNull, mayBeNull(a.expression), input.column(a.name) != nil || (input.passthrough && source.fields?[a.name] != nil) {
                note("\(a.name) := ...: LogScale leaves \(a.name) as it was where the value is missing; ES|QL sets it to null")
            }
            out.stages.append("\(identifier(a.name)) := \(try expression(a.expression))")
            out.set(.init(name: a.name, text: identifier(a.name), type: nil))
            scope = out
        }
        return out
    }

    func mayBeNull(_ e: Expression) -> Bool {
        switch e {
        case .literal(let v): return v.isNull
        case .caseWhen(_, let o): return o == nil
        default: return true
        }
    }

    override func aggregate(_ input: Pipeline, _ a: Aggregation) throws(TranslationError) -> Pipeline {
        var out = input
        if !a.dropNullKeys, !a.keys.isEmpty {
            // ES|QL groups rows whose key is missing under null; LogScale drops them.
            let names = try a.keys.mapTranslating { (k) throws(TranslationError) in try keyName(k) }
            out.stages.append("default(field=[\(names.joined(separator: ", "))], value=\"\")")
            note("ES|QL groups events that lack a key under null; default() keeps them here, under \"\"")
        }
        out.stages.append(try groupBy(a, keys: a.keys, aggregates: a.aggregates, groupLimit: a.groupLimit))
        // A key keeps the name of the field it groups on (Vendor.userIdentity.arn, not the ECS name).
        var columns = aggregateColumns(a)
        for k in a.keys {
            if let i = columns.firstIndex(where: { $0.name == k.name }) { columns[i].text = try keyName(k) }
        }
        out.columns = columns
        out.passthrough = false
        return out
    }

    /// The field a key groups on: plain fields only (LogScale groups on fields, not expressions).
    func keyName(_ k: GroupKey) throws(TranslationError) -> String {
        guard case .field(let f) = k.expression else {
            throw refuse("the key \(k.name) = \(PlanPrinter.text(k.expression))", "groupBy() takes fields; assign the value with := first")
        }
        return try fieldText(f)
    }

    func groupBy(_ a: Aggregation, keys: [GroupKey], aggregates: [AggregateCall], groupLimit: Int?) throws(TranslationError) -> String {
        let functions = try aggregates.mapTranslating(aggregateCall)
        let fn = functions.count == 1 ? functions[0] : "[" + functions.joined(separator: ", ") + "]"
        if keys.isEmpty {
            return functions.count == 1 ? functions[0] : "stats(" + fn + ")"
        }
        let names = try keys.mapTranslating(keyName)
        var text = "groupBy(" + (names.count == 1 ? names[0] : "[" + names.joined(separator: ", ") + "]")
        text += ", function=" + fn
        if let l = groupLimit, l != 20_000 { text += ", limit=\(l)" }
        if groupLimit == nil, a.columnOrder == .aggregatesThenKeys {
            text += ", limit=max"
            note("groupBy(limit=max): LogScale keeps at most 1,000,000 groups; ES|QL has no limit")
        }
        return text + ")"
    }

    override func aggregateCall(_ c: AggregateCall) throws(TranslationError) -> String {
        if let f = c.filter { throw refuse("STATS ... WHERE \(PlanPrinter.text(f))", "LogScale aggregates have no per-aggregate filter") }
        var field = ""
        if let x = c.argument {
            guard case .field(let name) = x else {
                throw refuse("\(c.function.rawValue)(\(PlanPrinter.text(x)))", "LogScale aggregates take a field; assign the value with := first")
            }
            field = try fieldText(name)
        }
        let name = identifier(c.outputName)
        switch c.function {
        case .count: return name == "_count" ? "count()" : "count(as=\(name))"
        case .countValues: return "count(\(field), as=\(name))"
        case .countDistinct:
            if semantics == .esql { note("dc() is an estimate in LogScale, as COUNT_DISTINCT is on Elasticsearch") }
            return "dc(\(field), as=\(name))"
        case .sum, .avg, .min, .max:
            if semantics == .esql, [.min, .max].contains(c.function), c.argument.map(isNumericExpression) != true, field != "@timestamp" {
                note("\(c.function.rawValue)() is numeric in LogScale; text and dates compare otherwise in ES|QL")
            }
            return "\(c.function.rawValue)(\(field), as=\(name))"
        case .values:
            guard c.outputName == field else { throw refuse("values of \(field) as \(c.outputName)", "collect() names its output after the field") }
            if c.separator == nil { note("collect() joins the values into one text; ES|QL's VALUES gives a multi-value") }
            var text = "collect(\(field)"
            if let l = c.limit, l != 2000 { text += ", limit=\(l)" }
            if let s = c.separator, s != "\n" { text += ", separator=\(stringLiteral(s))" }
            return text + ")"
        case .last:
            guard c.outputName == field else { throw refuse("selectLast(\(field)) as \(c.outputName)", "selectLast() names its output after the field") }
            return "selectLast(\(field))"
        case .first:
            throw refuse("first()", "it depends on the order the events are read in")
        }
    }

    override func sort(_ input: Pipeline, _ keys: [SortKey], limit: Int?) throws(TranslationError) -> Pipeline {
        let fields = try keys.mapTranslating { (k) throws(TranslationError) -> String in
            guard case .field(let f) = k.expression else { throw refuse("sort by \(PlanPrinter.text(k.expression))", "sort() takes fields") }
            if let nf = k.nullsFirst, nf != (semantics == .esql && k.order == .descending) {
                throw refuse("NULLS \(nf ? "FIRST" : "LAST")", "LogScale puts missing values last")
            }
            return try fieldText(f)
        }
        let orders = keys.map { $0.order == .ascending ? "asc" : "desc" }
        let types = keys.map { k -> String? in
            switch k.comparison {
            case .number: return nil
            case .string: return "string"
            case .hex: return "hex"
            case .natural: return isNumericExpression(k.expression) ? nil : "any"
            }
        }
        var text = "sort(" + (fields.count == 1 ? fields[0] : "[" + fields.joined(separator: ", ") + "]")
        text += ", order=" + (Set(orders).count == 1 ? orders[0] : "[" + orders.joined(separator: ", ") + "]")
        if types.contains(where: { $0 != nil }) {
            let t = types.map { $0 ?? "number" }
            text += ", type=" + (Set(t).count == 1 ? t[0] : "[" + t.joined(separator: ", ") + "]")
        }
        if let limit {
            if limit != 200 { text += ", limit=\(limit)" }
        } else {
            text += ", limit=200000"
            note("sort() keeps at most 200,000 rows in LogScale")
        }
        if semantics == .esql, keys.contains(where: { $0.order == .descending && !isNumericExpression($0.expression) }) {
            note("ES|QL puts missing values first in a descending sort; LogScale puts them last")
        }
        return input.appending(text + ")")
    }

    override func limit(_ input: Pipeline, _ count: Int, from end: LimitEnd) throws(TranslationError) -> Pipeline {
        input.appending("\(end.rawValue)(\(count))")
    }

    override func dissect(_ input: Pipeline, field: Expression, pattern: DissectPattern) throws(TranslationError) -> Pipeline {
        guard let (regex, groups) = PatternText.dissectRegex(pattern) else {
            throw refuse("DISSECT \(JSONWriter.quote(pattern.source))", "appended keys (%{+key}) and adjacent keys have no regex form")
        }
        guard case .field(let f) = field else { throw refuse("DISSECT of an expression", "regex() reads a field") }
        var named = regex
        var i = 0
        // Number the plain groups into named ones, in order.
        var out = ""
        var chars = Array(named)[...]
        while let c = chars.popFirst() {
            if c == "\\", let n = chars.popFirst() {
                out.append(c)
                out.append(n)
                continue
            }
            if c == "(", chars.first != "?" {
                out += "(?<\(groups[i])>"
                i += 1
                continue
            }
            out.append(c)
        }
        named = out
        var p = input.appending("regex(\(regexString("(?s)" + named)), field=\(try fieldText(f)), strict=false)")
        for g in groups { p.set(.init(name: g, text: identifier(g), type: .string)) }
        return p
    }

    override func extract(_ input: Pipeline, field: Expression, pattern: ExtractPattern) throws(TranslationError) -> Pipeline {
        guard case .field(let f) = field else { throw refuse("regex extraction of an expression", "regex() reads a field") }
        var regex = pattern.regex
        if pattern.anchored { regex = "^(?:\(regex))$" }
        var text = "regex(\(regexString(regex)), field=\(try fieldText(f))"
        if pattern.caseInsensitive { text += ", flags=\"i\"" }
        if !pattern.dropUnmatched { text += ", strict=false" }
        var p = input.appending(text + ")")
        for g in pattern.groupNames { p.set(.init(name: g, text: identifier(g), type: .string)) }
        return p
    }

    override func project(_ input: Pipeline, _ projection: Projection) throws(TranslationError) -> Pipeline {
        var out = input
        switch projection {
        case .keep(let names):
            out.columns = try keptColumns(input, names)
            out.passthrough = false
            let fields = try names.mapTranslating { (n) throws(TranslationError) in n.contains("*") ? n : try fieldText(n) }
            return out.appending("select([\(fields.joined(separator: ", "))])")
        case .drop(let names):
            out.columns.removeAll { c in names.contains { matches($0, c.name) } }
            let fields = try names.mapTranslating { (n) throws(TranslationError) in n.contains("*") ? n : try fieldText(n) }
            return out.appending("drop([\(fields.joined(separator: ", "))])")
        case .rename(let pairs):
            for pair in pairs {
                let from = try fieldText(pair.from)
                out.stages.append("rename(field=\(from), as=\(identifier(pair.to)))")
                if let i = out.columns.firstIndex(where: { $0.name == pair.from }) {
                    out.columns[i].name = pair.to
                    out.columns[i].text = identifier(pair.to)
                }
            }
            return out
        }
    }

    override func mvExpand(_ input: Pipeline, field: String) throws(TranslationError) -> Pipeline {
        throw refuse("MV_EXPAND \(field)", "LogScale fields hold one value; arrays are separate fields (split() works on them)")
    }

    // MARK: - Union as one tagged pass

    override func union(_ branches: [LogicalPlan]) throws(TranslationError) -> Pipeline {
        let u = try TaggedUnion(branches, refuse: refuse)
        var p = try self.source(u.source)
        scope = p
        let tag = CQLGenerator.branchField
        var clauses: [String] = []
        for (i, b) in u.branches.enumerated() {
            var clause = Pipeline()
            clause.passthrough = true
            scope = clause
            for c in b.conditions { clause = try filter(clause, c) }
            for step in b.pre { clause = try apply(step, to: clause) }
            if u.aggregated {
                clause.stages.append("\(tag) := \"\(i + 1)\"")
                let own = Set(b.aggregation?.keys.map(\.name) ?? [])
                for k in u.keys where !own.contains(k.name) {
                    clause.stages.append("\(try keyName(k)) := \"\"")
                }
            } else {
                for step in b.post { clause = try apply(step, to: clause) }
            }
            clauses.append(clause.stages.joined(separator: "\n  | "))
        }
        p.stages.append("case {\n  " + clauses.joined(separator: " ;\n  ") + "\n}")
        guard u.aggregated, let first = u.branches.first?.aggregation else {
            p.columns = []
            p.passthrough = true
            return p
        }
        scope = Pipeline()
        let tagKey = GroupKey(name: tag, expression: .field(tag))
        var limit: Int?
        if let l = u.groupLimit { limit = l * u.branches.count }
        var merged = first
        merged.keys = [tagKey] + u.keys
        merged.aggregates = u.aggregates
        scope.columns = merged.keys.map { .init(name: $0.name, text: identifier($0.name), type: nil) }
        scope.passthrough = true
        p.stages.append(try groupBy(merged, keys: merged.keys, aggregates: merged.aggregates, groupLimit: limit))
        var columns = aggregateColumns(merged)
        // Each branch's own filters and assignments, on the rows of its tag.
        var post: [String] = []
        for (i, b) in u.branches.enumerated() {
            var clause = Pipeline()
            clause.columns = columns
            clause.passthrough = false
            scope = clause
            clause.stages.append("\(tag) = \"\(i + 1)\"")
            for step in b.post { clause = try apply(step, to: clause) }
            let foreign = u.foreignColumns(of: i + 1)
            clause.stages.append("drop([" + ([tag] + foreign).map(identifier).joined(separator: ", ") + "])")
            for c in clause.columns where !columns.contains(where: { $0.name == c.name }) { columns.append(c) }
            post.append(clause.stages.joined(separator: "\n  | "))
        }
        p.stages.append("case {\n  " + post.joined(separator: " ;\n  ") + "\n}")
        p.columns = columns.filter { $0.name != tag }
        p.passthrough = false
        if let l = limit, l != 20_000 {
            note("groupBy(limit=\(l)): the branches' groups share one groupBy, so its limit is the sum of theirs")
        }
        return p
    }

    /// Renders one step of a branch onto a pipeline.
    func apply(_ step: PlanStep, to input: Pipeline) throws(TranslationError) -> Pipeline {
        scope = input
        switch step {
        case .filter(let e): return try filter(input, e)
        case .eval(let a): return try eval(input, a)
        case .aggregate(let a): return try aggregate(input, a)
        case .sort(let k, let l): return try sort(input, k, limit: l)
        case .limit(let n, let end): return try limit(input, n, from: end)
        case .dissect(let f, let d): return try dissect(input, field: f, pattern: d)
        case .extract(let f, let x): return try extract(input, field: f, pattern: x)
        case .project(let p): return try project(input, p)
        case .mvExpand(let f): return try mvExpand(input, field: f)
        }
    }

    // MARK: - Filters

    /// One filter term in LogScale's filter syntax.
    func filterText(_ e: Expression) throws(TranslationError) -> String {
        switch e {
        case .binary(.and, _, _), .binary(.or, _, _):
            if let list = inCall(e) { return list }
            guard case .binary(let op, let a, let b) = e else { return "" }
            return "\(try filterOperand(a, parent: op)) \(op == .and ? "and" : "or") \(try filterOperand(b, parent: op))"
        case .fieldMatch(let f, let p, let negated):
            return try fieldFilter(try fieldText(f), p, negated: negated)
        case .binary(let op, .field(let f), let rhs) where op.isComparison:
            return try comparisonFilter(op, f, rhs)
        case .inList(.field(let f), let items, let negated):
            let call = "in(field=\(try fieldText(f)), values=[\(try items.mapTranslating(valueText).joined(separator: ", "))])"
            return negated ? "(\(try fieldText(f)) = * and !\(call))" : call
        case .isNull(.field(let f), let negated):
            return "\(try fieldText(f)) \(negated ? "=" : "!=") *"
        case .patternMatch(.field(let f), let p, let negated):
            // ES|QL: a missing field neither matches nor fails to match.
            let name = try fieldText(f)
            let test = try fieldFilter(name, p, negated: false)
            return negated ? "(\(name) = * and not \(test))" : test
        case .unary(.not, .call("coalesce", let args)) where args.count == 2 && args[1] == .literal(.bool(false)):
            return "not test(\(try expression(args[0])))"
        case .unary(.not, let x):
            return "not (\(try filterText(x)))"
        case .literal(.bool(true)):
            return "*"
        case .literal(.bool(false)):
            throw refuse("a filter that is always false", "LogScale has no filter that drops every event")
        default:
            return "test(\(try expression(e)))"
        }
    }

    /// `and`/`or` operands: CQL's `or` binds tighter than `and`, so mixed operators get parentheses.
    func filterOperand(_ e: Expression, parent: BinaryOperator) throws(TranslationError) -> String {
        let text = try filterText(e)
        if case .binary(let op, _, _) = e, op == .and || op == .or, op != parent, inCall(e) == nil { return "(\(text))" }
        return text
    }

    /// `F = "a" or F = "b"` as `in(field=F, values=["a", "b"])`, and its negation as `!in(...)`.
    func inCall(_ e: Expression) -> String? {
        func collect(_ e: Expression, _ op: BinaryOperator, _ negated: Bool) -> (String, [String])? {
            switch e {
            case .binary(let o, let a, let b) where o == op:
                guard let x = collect(a, op, negated), let y = collect(b, op, negated), x.0 == y.0 else { return nil }
                return (x.0, x.1 + y.1)
            case .fieldMatch(let f, let p, let n) where n == negated:
                guard case .exact(let v) = p.kind, !p.caseInsensitive, p.anchored else { return nil }
                return (f, [v])
            default: return nil
            }
        }
        if let (f, values) = collect(e, .or, false), values.count > 1, let name = try? fieldText(f) {
            return "in(field=\(name), values=[\(values.map(valueString).joined(separator: ", "))])"
        }
        if let (f, values) = collect(e, .and, true), values.count > 1, let name = try? fieldText(f) {
            return "!in(field=\(name), values=[\(values.map(valueString).joined(separator: ", "))])"
        }
        return nil
    }

    /// `Field = value` for each pattern form.
    func fieldFilter(_ name: String, _ p: StringPattern, negated: Bool) throws(TranslationError) -> String {
        let op = negated ? "!=" : "="
        switch p.kind {
        case .any:
            return "\(name) \(op) *"
        case .exact(let v):
            if !p.anchored { return "\(name) \(op) \(valueString("*" + escapeStars(v) + "*", wildcards: true))" }
            if p.caseInsensitive {
                return (negated ? "!" : "") + "wildcard(field=\(name), pattern=\(valueString(escapeStars(v), wildcards: true)), ignoreCase=true)"
            }
            return "\(name) \(op) \(valueString(v))"
        case .glob(let g, let q):
            var pieces = PatternText.globPieces(g, questionMark: q)
            if !p.anchored { pieces = [.any] + pieces + [.any] }
            if pieces.contains(.one) || p.caseInsensitive {
                let r = "^" + PatternText.regex(pieces) + "$"
                return "\(name) \(op) /\(slashEscaped(r))/\(p.caseInsensitive ? "i" : "")"
            }
            var text = ""
            for piece in pieces {
                switch piece {
                case .any: text += "*"
                case .literal(let c): text += escapeStars(String(c))
                case .one: break
                }
            }
            return "\(name) \(op) \(valueString(text, wildcards: true))"
        case .regex(let r):
            let re = p.anchored ? "^(?:\(r))$" : r
            return "\(name) \(op) /\(slashEscaped(re))/\(p.caseInsensitive ? "i" : "")"
        }
    }

    /// `F > 50`: a bare comparison with a number; any other comparison goes through `test()`.
    func comparisonFilter(_ op: BinaryOperator, _ f: String, _ rhs: Expression) throws(TranslationError) -> String {
        let name = try fieldText(f)
        switch (op, rhs) {
        case (.less, .literal(let v)), (.lessOrEqual, .literal(let v)), (.greater, .literal(let v)), (.greaterOrEqual, .literal(let v)):
            if v.doubleValue != nil, !isStringValue(v) { return "\(name) \(op.rawValue) \(try literal(v))" }
        case (.equal, .literal(.string(let s))) where semantics == .esql || Value.parseNumber(s) == nil:
            // Text equality is a field filter (LogScale compares numeric-looking text as numbers).
            return "\(name) = \(valueString(s))"
        case (.notEqual, .literal(.string(let s))) where semantics == .esql || Value.parseNumber(s) == nil:
            // ES|QL's `!=` is false for a missing field; LogScale's `!=` is true.
            return semantics == .esql ? "(\(name) = * and \(name) != \(valueString(s)))" : "\(name) != \(valueString(s))"
        default: break
        }
        return "test(\(try expression(.binary(op, .field(f), rhs))))"
    }

    func isStringValue(_ v: Value) -> Bool {
        if case .string = v { return true }
        return false
    }

    func valueText(_ e: Expression) throws(TranslationError) -> String {
        switch e {
        case .literal(.string(let s)): return valueString(s)
        case .literal(let v): return valueString(v.stringValue ?? "")
        default: throw refuse("IN with \(PlanPrinter.text(e))", "in() takes constant values")
        }
    }

    /// A value to match: quoted, with `*` escaped unless it is a wildcard.
    func valueString(_ s: String) -> String { valueString(escapeStars(s), wildcards: true) }

    func valueString(_ s: String, wildcards: Bool) -> String {
        "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Backslashes and stars escaped, so that the text matches literally.
    func escapeStars(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "*", with: "\\*")
    }

    /// A regex for `/.../`: an unescaped `/` escaped.
    func slashEscaped(_ r: String) -> String {
        var out = ""
        var escape = false
        for c in r {
            if c == "/" && !escape { out += "\\" }
            out.append(c)
            escape = !escape && c == "\\"
        }
        return out
    }

    /// A regex as a CQL string (`regex("...")`): quotes escaped; the regex keeps its own escapes.
    func regexString(_ r: String) -> String {
        "\"" + r.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    // MARK: - Values

    override func identifier(_ name: String) -> String { name }

    override func stringLiteral(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    override var andWord: String { "and" }
    override var orWord: String { "or" }
    override var notWord: String { "!" }

    override func renderWithPrecedence(_ e: Expression) throws(TranslationError) -> (String, Precedence) {
        switch e {
        case .unary(.not, let x): return ("!" + (try render(x, .unary)), .unary)
        case .fieldMatch, .inList, .isNull, .patternMatch:
            throw refuse("the filter \(PlanPrinter.text(e)) inside an expression", "LogScale filters are stages, not values")
        default: return try super.renderWithPrecedence(e)
        }
    }

    override func binary(_ op: BinaryOperator, _ a: Expression, _ b: Expression) throws(TranslationError) -> (String, Precedence) {
        if semantics == .esql, op == .divide { throw refuse("/", "ES|QL divides integers with truncation, LogScale does not") }
        if op == .and || op == .or {
            // Mixed and/or always in parentheses: LogScale's own precedence differs.
            func side(_ x: Expression) throws(TranslationError) -> String {
                let t = try render(x, .not)
                if case .binary(let o, _, _) = x, o == .and || o == .or, !t.hasPrefix("(") { return "(\(t))" }
                return t
            }
            return ("\(try side(a)) \(op == .and ? "and" : "or") \(try side(b))", .atom)
        }
        return try super.binary(op, a, b)
    }

    override func literal(_ v: Value) throws(TranslationError) -> String {
        switch v {
        case .date(let ms): return String(ms)
        case .null: throw refuse("null", "LogScale has no null value")
        default: return try super.literal(v)
        }
    }

    override func timeSpan(_ t: TimeSpan) throws(TranslationError) -> String {
        switch t.unit {
        case .month, .quarter, .year: throw refuse("the span \(t)", "LogScale time is milliseconds; calendar months have no fixed length")
        default: return String(t.milliseconds)
        }
    }

    override var functionNames: [String: String] {
        [
            "lower": "lower", "upper": "upper", "length": "length", "coalesce": "coalesce", "now": "now",
            "abs": "math:abs", "floor": "math:floor", "ceil": "math:ceil",
        ]
    }

    override func call(_ name: String, _ args: [Expression]) throws(TranslationError) -> String {
        switch name {
        case "concat", "coalesce":
            let texts = try args.mapTranslating(expression)
            if name == "concat", semantics == .esql { note("concat() skips missing values in LogScale; ES|QL's CONCAT gives null") }
            return "\(name)([\(texts.joined(separator: ", "))])"
        case "date_trunc":
            guard args.count == 2, case .timeSpan(let span) = args[0] else { throw refuse("date_trunc()", "the span must be a constant") }
            switch span.unit {
            case .millisecond, .second, .minute, .hour, .day:
                let x = try render(args[1], .multiplicative)
                return "\(x) - (\(x) % \(span.milliseconds))"
            default:
                throw refuse("DATE_TRUNC(\(span), ...)", "LogScale time is milliseconds; weeks and calendar units need bucket()")
            }
        case "starts_with", "ends_with":
            return "text:\(name == "starts_with" ? "startsWith" : "endsWith")(string=\(try expression(args[0])), substring=\(try expression(args[1])))"
        default:
            return try super.call(name, args)
        }
    }

    override func caseWhen(_ clauses: [WhenClause], _ otherwise: Expression?) throws(TranslationError) -> String {
        var text: String?
        if let o = otherwise { text = try expression(o) }
        for c in clauses.reversed() {
            var s = "if(\(try expression(c.condition)), then=\(try expression(c.value))"
            if let t = text { s += ", else=\(t)" }
            text = s + ")"
        }
        return text ?? "\"\""
    }

    override func cast(_ x: Expression, _ type: ValueType) throws(TranslationError) -> String {
        switch type {
        case .string, .double, .long, .integer: return try expression(x)
        default: throw refuse("a cast to \(type.rawValue)", "LogScale values are text read in context")
        }
    }
}
