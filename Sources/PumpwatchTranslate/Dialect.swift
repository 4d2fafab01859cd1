import PumpwatchCore
import PumpwatchQuery

/// The base of every code generator: walks the logical plan and renders each operator and
/// expression, spelled as ES|QL spells them. Each target's generator overrides only what its
/// language does differently, in methods named after the plan's operators (`filter`, `eval`,
/// `aggregate`, `sort`, `limit`, `union`, `dissect`, `extract`, `project`, `mvExpand`).
///
/// Fields of the plan go through the target's `FieldMapping`: a field that no operator has
/// computed is a source field and is written as the mapping says; a computed column keeps its name.
/// A construct with no equivalent throws `TranslationError` rather than changing the meaning.
public class Dialect {
    public let target: TranslationTarget
    public let mapping: FieldMapping

    /// The query language whose semantics the plan follows (CQL's missing-field rules, ES|QL's nulls).
    var semantics: PumpwatchQuery.Dialect = .esql
    /// The input format the plan reads (`cloudtrail`, `falcon`).
    var sourceFormat = ""
    var source = SourceMapping()
    /// Caveats met while rendering, printed as comments.
    var notes: [String] = []
    /// Source fields the plan reads and derived fields it uses, in order of first use.
    var sourceFields: [String] = []
    var derivedFields: [String] = []
    /// True when source rows reach the output unprojected, so every mapped field is selected.
    var wholeRows = false
    /// The input of the operator being rendered: which names are computed columns.
    var scope = Pipeline()
    /// A counter for generated names.
    var counter = 0

    public init(target: TranslationTarget, mapping: FieldMapping) {
        self.target = target
        self.mapping = mapping
    }

    /// The plan in the target's language.
    public func translate(_ plan: LogicalPlan) throws(TranslationError) -> String {
        try bind(plan)
        // The first pass finds the fields the plan reads; the second renders knowing them.
        startPass()
        _ = try render(plan)
        startPass()
        let pipeline = try render(plan)
        return document(pipeline)
    }

    /// Clears what one rendering pass gathers, keeping the fields found so far.
    func startPass() {
        notes = []
        counter = 0
        scope = Pipeline()
    }

    /// Chooses the source mapping for the plan's input format.
    func bind(_ plan: LogicalPlan) throws(TranslationError) {
        guard let first = plan.sources.first else { throw refuse("the plan", "it reads no source") }
        semantics = first.dialect
        let format: SourceFormat
        if let formats = SourceBinding.formats(for: plan) {
            guard formats.count == 1, let only = formats.first else {
                let what = first.indexPatterns.isEmpty ? "the source" : "FROM " + first.indexPatterns.joined(separator: ", ")
                throw refuse(what, formats.isEmpty ? "it matches no input format pumpwatch knows" : "it reads several input formats (" + formats.map(\.rawValue).sorted().joined(separator: ", ") + ")")
            }
            format = only
        } else {
            format = .falcon
            if target != .cql { note("the query has no #event_simpleName filter; it is read as a query over Falcon events") }
        }
        guard let section = mapping.sources[format.rawValue] else {
            throw refuse("the \(format.rawValue) source", "the mapping has no entry for \(format.rawValue)")
        }
        sourceFormat = format.rawValue
        source = section
        wholeRows = PlanAnalysis.requiredFields(plan) == .all
    }

    // MARK: - Plan walk

    func render(_ plan: LogicalPlan) throws(TranslationError) -> Pipeline {
        switch plan {
        case .source(let s):
            return try self.source(s)
        case .filter(let p, let e):
            let input = try enter(p)
            return try filter(input, e)
        case .eval(let p, let a):
            let input = try enter(p)
            return try eval(input, a)
        case .aggregate(let p, let a):
            let input = try enter(p)
            return try aggregate(input, a)
        case .sort(let p, let keys, let limit):
            let input = try enter(p)
            return try sort(input, keys, limit: limit)
        case .limit(let p, let count, let end):
            let input = try enter(p)
            return try self.limit(input, count, from: end)
        case .union(let branches):
            return try union(branches)
        case .dissect(let p, let f, let pattern):
            let input = try enter(p)
            return try dissect(input, field: f, pattern: pattern)
        case .extract(let p, let f, let pattern):
            let input = try enter(p)
            return try extract(input, field: f, pattern: pattern)
        case .project(let p, let projection):
            let input = try enter(p)
            return try project(input, projection)
        case .mvExpand(let p, let f):
            let input = try enter(p)
            return try mvExpand(input, field: f)
        }
    }

    /// Renders the input of an operator and makes it the scope that names resolve in.
    func enter(_ plan: LogicalPlan) throws(TranslationError) -> Pipeline {
        let input = try render(plan)
        scope = input
        return input
    }

    /// The finished text.
    func document(_ pipeline: Pipeline) -> String {
        var lines = notes.map { commentPrefix + " " + $0 }
        lines.append(pipeline.stages.joined(separator: "\n| "))
        return lines.joined(separator: "\n") + "\n"
    }

    var commentPrefix: String { "//" }

    // MARK: - Operators (ES|QL spelling)

    func source(_ s: SourceSelection) throws(TranslationError) -> Pipeline {
        var p = Pipeline()
        p.stages = [sourceText()]
        for name in derivedFields {
            let e = try entry(name)
            p.stages.append(try prelude(name, e))
        }
        return p
    }

    /// The text that selects the source's events.
    func sourceText() -> String { "FROM " + (source.from ?? "") }

    /// The stage that derives a mapped field the target lacks as a column.
    func prelude(_ field: String, _ e: FieldEntry) throws(TranslationError) -> String {
        if let p = e.prelude { return p }
        return "EVAL \(identifier(e.name ?? field)) = \(e.expression ?? "null")"
    }

    func filter(_ input: Pipeline, _ condition: Expression) throws(TranslationError) -> Pipeline {
        let c = fold(condition)
        if c == .literal(.bool(true)) { return input }
        return input.appending("WHERE " + (try self.condition(c)))
    }

    func eval(_ input: Pipeline, _ assignments: [Assignment]) throws(TranslationError) -> Pipeline {
        var out = input
        var parts: [String] = []
        for a in assignments {
            var value = try expression(a.expression)
            if a.skipWhenNull, semantics == .cql, input.column(a.name) != nil {
                value = "COALESCE(\(value), \(identifier(a.name)))"
            }
            parts.append("\(identifier(a.name)) = \(value)")
            out.set(.init(name: a.name, text: identifier(a.name), type: nil))
            scope = out
        }
        return out.appending("EVAL " + parts.joined(separator: ", "))
    }

    func aggregate(_ input: Pipeline, _ a: Aggregation) throws(TranslationError) -> Pipeline {
        var out = input
        var stagesBefore: [String] = []
        if a.dropNullKeys, !a.keys.isEmpty {
            let present = try a.keys.mapTranslating { (k) throws(TranslationError) in "\(try expression(k.expression)) IS NOT NULL" }
            stagesBefore.append("WHERE " + present.joined(separator: " AND "))
        }
        let aggs = try a.aggregates.mapTranslating { (c) throws(TranslationError) in "\(identifier(c.outputName)) = \(try aggregateCall(c))" }
        let keys = try a.keys.mapTranslating { (k) throws(TranslationError) -> String in
            let e = try expression(k.expression)
            return e == identifier(k.name) ? e : "\(identifier(k.name)) = \(e)"
        }
        var text = "STATS " + aggs.joined(separator: ", ")
        if !keys.isEmpty { text += " BY " + keys.joined(separator: ", ") }
        out.stages += stagesBefore + [text]
        out.columns = aggregateColumns(a)
        out.passthrough = false
        return out
    }

    /// The columns after an aggregation, in the order the plan's language gives them.
    func aggregateColumns(_ a: Aggregation) -> [Pipeline.Column] {
        let keys = a.keys.map { Pipeline.Column(name: $0.name, text: identifier($0.name), type: nil) }
        let aggs = a.aggregates.map { Pipeline.Column(name: $0.outputName, text: identifier($0.outputName), type: aggregateType($0)) }
        return a.columnOrder == .keysThenAggregates ? keys + aggs : aggs + keys
    }

    func aggregateType(_ c: AggregateCall) -> FieldEntry.ValueKind? {
        switch c.function {
        case .count, .countValues, .countDistinct: return .long
        case .avg: return .double
        case .values: return c.separator == nil ? .list : .string
        default: return nil
        }
    }

    /// One aggregate function call.
    func aggregateCall(_ c: AggregateCall) throws(TranslationError) -> String {
        var arg = try c.argument.map { (x) throws(TranslationError) in try expression(x) } ?? "*"
        if semantics == .cql, [.min, .max, .sum, .avg].contains(c.function), c.argument.map(isNumericExpression) != true {
            arg = "TO_DOUBLE(\(arg))"
        }
        var text: String
        switch c.function {
        case .count: text = "COUNT(*)"
        case .countValues: text = "COUNT(\(arg))"
        case .countDistinct:
            text = "COUNT_DISTINCT(\(arg))"
        case .sum: text = "SUM(\(arg))"
        case .avg: text = "AVG(\(arg))"
        case .min: text = "MIN(\(arg))"
        case .max: text = "MAX(\(arg))"
        case .values:
            if c.separator != nil { throw refuse("collect()", "ES|QL's VALUES gives a multi-value; joining it needs a second step") }
            if c.limit != nil { throw refuse("values(limit=)", "ES|QL's VALUES keeps every value") }
            text = "VALUES(\(arg))"
        case .last, .first:
            throw refuse(c.function == .last ? "selectLast()" : "first()", "it depends on the order of the events")
        }
        if let f = c.filter { text += " WHERE " + (try condition(f)) }
        return text
    }

    func sort(_ input: Pipeline, _ keys: [SortKey], limit: Int?) throws(TranslationError) -> Pipeline {
        let parts = try keys.mapTranslating { (k) throws(TranslationError) -> String in
            var s = try expression(k.expression) + (k.order == .ascending ? " ASC" : " DESC")
            if let nf = k.nullsFirst { s += nf ? " NULLS FIRST" : " NULLS LAST" }
            return s
        }
        var out = input.appending("SORT " + parts.joined(separator: ", "))
        if let limit { out = out.appending("LIMIT \(limit)") }
        return out
    }

    func limit(_ input: Pipeline, _ count: Int, from end: LimitEnd) throws(TranslationError) -> Pipeline {
        guard end == .head else { throw refuse("tail(\(count))", "the target keeps the first rows, not the last") }
        return input.appending("LIMIT \(count)")
    }

    func union(_ branches: [LogicalPlan]) throws(TranslationError) -> Pipeline {
        throw refuse("union", "the target has no union of pipelines")
    }

    func dissect(_ input: Pipeline, field: Expression, pattern: DissectPattern) throws(TranslationError) -> Pipeline {
        throw refuse("DISSECT", "the target has no dissect")
    }

    func extract(_ input: Pipeline, field: Expression, pattern: ExtractPattern) throws(TranslationError) -> Pipeline {
        throw refuse("regex extraction", "the target has no named-group extraction")
    }

    func project(_ input: Pipeline, _ projection: Projection) throws(TranslationError) -> Pipeline {
        var out = input
        switch projection {
        case .keep(let names):
            out.columns = try keptColumns(input, names)
            out.passthrough = false
            return out.appending("KEEP " + names.map(identifier).joined(separator: ", "))
        case .drop(let names):
            out.columns.removeAll { c in names.contains { matches($0, c.name) } }
            return out.appending("DROP " + names.map(identifier).joined(separator: ", "))
        case .rename(let pairs):
            for pair in pairs {
                if let i = out.columns.firstIndex(where: { $0.name == pair.from }) {
                    out.columns[i].name = pair.to
                    out.columns[i].text = identifier(pair.to)
                }
            }
            return out.appending("RENAME " + pairs.map { "\(identifier($0.from)) AS \(identifier($0.to))" }.joined(separator: ", "))
        }
    }

    /// The columns `KEEP` leaves: known columns matching the patterns, in pattern order.
    func keptColumns(_ input: Pipeline, _ names: [String]) throws(TranslationError) -> [Pipeline.Column] {
        var kept: [Pipeline.Column] = []
        for n in names {
            if let c = input.column(n) {
                if !kept.contains(c) { kept.append(c) }
            } else if n.contains("*") {
                for c in input.columns where matches(n, c.name) && !kept.contains(c) { kept.append(c) }
            } else {
                kept.append(.init(name: n, text: try fieldText(n), type: nil))
            }
        }
        return kept
    }

    func matches(_ pattern: String, _ name: String) -> Bool {
        GlobMatcher(pattern, questionMark: false, caseInsensitive: false).matches(name)
    }

    func mvExpand(_ input: Pipeline, field: String) throws(TranslationError) -> Pipeline {
        input.appending("MV_EXPAND " + (try fieldText(field)))
    }

    // MARK: - Fields

    /// The mapping entry of a source field, with `name` filled in for identity mappings.
    func entry(_ field: String) throws(TranslationError) -> FieldEntry {
        if let e = source.fields?[field] {
            if let why = e.unavailable { throw refuse("field \(field)", why) }
            return e
        }
        switch source.unmapped ?? .refuse {
        case .identity: return FieldEntry(name: field)
        case .rawPath: return FieldEntry(expression: rawPath(field))
        case .refuse:
            throw refuse("field \(field)", "the \(target.rawValue) mapping of \(sourceFormat) has no entry for it (add one with --mapping)")
        }
    }

    /// SQL targets: the expression that reads a field's path in the raw record.
    func rawPath(_ field: String) -> String { field }

    /// How the target refers to a field of the plan in the current scope.
    func fieldText(_ name: String) throws(TranslationError) -> String {
        if let c = scope.column(name) { return c.text }
        guard scope.passthrough else { return identifier(name) }
        return try sourceField(name)
    }

    /// A source field: its column name, or the name its prelude derives.
    func sourceField(_ name: String) throws(TranslationError) -> String {
        let e = try entry(name)
        use(name, e)
        if let c = e.constant { return stringLiteral(c) }
        if e.expression != nil || e.prelude != nil {
            if !derivedFields.contains(name) { derivedFields.append(name) }
        }
        return identifier(e.name ?? name)
    }

    /// Records that a source field is read, and its caveat.
    func use(_ name: String, _ e: FieldEntry) {
        if !sourceFields.contains(name) { sourceFields.append(name) }
        if let n = e.note { note(n) }
    }

    /// The type of a field in the current scope, when known.
    func fieldType(_ name: String) -> FieldEntry.ValueKind? {
        if let c = scope.column(name) { return c.type }
        guard scope.passthrough else { return nil }
        if let e = source.fields?[name] { return e.type ?? (e.constant != nil ? .string : nil) }
        return sourceFormat == "falcon" && name != "@timestamp" ? .string : nil
    }

    /// True when the field is a source field the mapping gives a constant for.
    func constant(of name: String) -> String? {
        guard scope.column(name) == nil, scope.passthrough else { return nil }
        return source.fields?[name]?.constant
    }

    func note(_ text: String) {
        if !notes.contains(text) { notes.append(text) }
    }

    func refuse(_ construct: String, _ reason: String) -> TranslationError {
        TranslationError(construct, to: target, reason)
    }

    // MARK: - Expressions

    /// Operator precedence, loosest first.
    enum Precedence: Int, Comparable {
        case or = 1, and, not, comparison, additive, multiplicative, unary, atom
        static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }
    }

    /// A condition: negations pushed down to the comparisons, so that each target applies its
    /// own rules for missing fields at the leaves.
    func condition(_ e: Expression) throws(TranslationError) -> String {
        try checkTextForms(e)
        return try monotone(pushNot(fold(e)), .or)
    }

    /// Refuses tests of a field whose text differs from ECS's (JSON where ECS has Java
    /// `Map.toString()`), except substring tests of plain words, which mean the same in both.
    func checkTextForms(_ e: Expression) throws(TranslationError) {
        func substringOnly(_ f: String) -> FieldEntry? {
            guard let e = source.fields?[f], e.isSubstringOnly else { return nil }
            return e
        }
        func check(_ f: String, _ p: StringPattern, _ construct: String) throws(TranslationError) {
            guard let e = substringOnly(f) else { return }
            var pieces: [PatternText.GlobPiece]
            switch p.kind {
            case .glob(let g, let q): pieces = PatternText.globPieces(g, questionMark: q)
            case .exact(let v) where !p.anchored: pieces = [.any] + v.map { .literal($0) } + [.any]
            default: pieces = []
            }
            if !p.anchored { pieces = [.any] + pieces + [.any] }
            let word = PatternText.simpleShape(pieces).flatMap { $0.leading && $0.trailing ? $0.text : nil } ?? ""
            let plain = !word.isEmpty && word.allSatisfy { $0.isLetter || $0.isNumber || "_-.@".contains($0) }
            let reserved = (e.reserved ?? []).contains { $0.contains(word) || word.contains($0) }
            if !plain || reserved {
                throw refuse(construct, "the field is JSON text here and Java Map text in ECS, so only substring tests of plain words mean the same")
            }
        }
        switch e {
        case .binary(_, let a, let b):
            try checkTextForms(a)
            try checkTextForms(b)
            if case .field(let f) = a, substringOnly(f) != nil { throw refuse("\(f) compared with a value", "the field is JSON text here and Java Map text in ECS, so only substring tests of plain words mean the same") }
        case .unary(_, let x): try checkTextForms(x)
        case .patternMatch(.field(let f), let p, _):
            let text: String
            switch p.kind {
            case .glob(let g, _): text = "\(f) LIKE \(JSONWriter.quote(g))"
            default: text = "\(f) MATCHES \(p)"
            }
            try check(f, p, text)
        case .fieldMatch(let f, let p, let negated): try check(f, p, "\(f) \(negated ? "!=" : "=") \(p)")
        case .inList(.field(let f), _, _):
            if substringOnly(f) != nil { throw refuse("\(f) IN (...)", "the field is JSON text here and Java Map text in ECS, so only substring tests of plain words mean the same") }
        default: break
        }
    }

    /// A condition whose positive CQL field filters sit under AND and OR only: there a null test
    /// drops the row just as a false one does, so the plain test is enough.
    func monotone(_ e: Expression, _ parent: Precedence) throws(TranslationError) -> String {
        if let (field, values) = exactAlternatives(e), values.count > 1 {
            // `F = "a" or F = "b"` (the seed's `F in [a, b]`) as the target's IN.
            let text = try inList(.field(field), values.map { .literal(.string($0)) }, negated: false)
            return parent > .comparison ? "(\(text))" : text
        }
        switch e {
        case .binary(let op, let a, let b) where op == .and || op == .or:
            let p = precedence(of: op)
            let text = "\(try monotone(a, p)) \(binaryToken(op)) \(try monotone(b, p))"
            return p < parent ? "(\(text))" : text
        case .fieldMatch(let f, let p, false):
            if case .any = p.kind { return try render(e, parent) }
            let text = try fieldTest(try fieldText(f), p)
            return parent > .comparison && text.contains(" ") && !text.hasPrefix("(") ? "(\(text))" : text
        default:
            return try render(e, parent)
        }
    }

    /// A value.
    func expression(_ e: Expression) throws(TranslationError) -> String {
        try render(e, .or)
    }

    func render(_ e: Expression, _ parent: Precedence) throws(TranslationError) -> String {
        let (text, own) = try renderWithPrecedence(e)
        return own < parent ? "(\(text))" : text
    }

    /// The text of an expression and the precedence of its top operator.
    func renderWithPrecedence(_ e: Expression) throws(TranslationError) -> (String, Precedence) {
        switch e {
        case .field(let n): return (try fieldText(n), .atom)
        case .literal(let v): return (try literal(v), .atom)
        case .timeSpan(let t): return (try timeSpan(t), .atom)
        case .unary(.not, let x): return (notWord + " " + (try render(x, .not)), .not)
        case .unary(.negate, let x): return ("-" + (try render(x, .unary)), .unary)
        case .binary(let op, let a, let b): return try binary(op, a, b)
        case .call(let name, let args): return (try call(name, args), .atom)
        case .inList(let x, let list, let negated): return (try inList(x, list, negated: negated), .comparison)
        case .isNull(let x, let negated): return (try isNull(x, negated: negated), .comparison)
        case .patternMatch(let x, let p, let negated): return try patternMatch(x, p, negated: negated)
        case .fieldMatch(let f, let p, let negated): return try fieldMatch(f, p, negated: negated)
        case .caseWhen(let clauses, let otherwise): return (try caseWhen(clauses, otherwise), .atom)
        case .cast(let x, let type): return (try cast(x, type), .atom)
        }
    }

    var andWord: String { "AND" }
    var orWord: String { "OR" }
    var notWord: String { "NOT" }

    func binaryToken(_ op: BinaryOperator) -> String {
        switch op {
        case .and: return andWord
        case .or: return orWord
        default: return op.rawValue
        }
    }

    func precedence(of op: BinaryOperator) -> Precedence {
        switch op {
        case .or: return .or
        case .and: return .and
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return .comparison
        case .add, .subtract: return .additive
        case .multiply, .divide, .modulo: return .multiplicative
        }
    }

    func binary(_ op: BinaryOperator, _ a: Expression, _ b: Expression) throws(TranslationError) -> (String, Precedence) {
        let p = precedence(of: op)
        let left = try render(a, p)
        // The right operand binds one level tighter: `a - (b - c)` keeps its parentheses.
        let rightPrecedence = p == .comparison ? Precedence.additive : Precedence(rawValue: p.rawValue + 1) ?? .atom
        let right = try render(b, op == .and || op == .or ? p : rightPrecedence)
        return ("\(left) \(binaryToken(op)) \(right)", p)
    }

    func literal(_ v: Value) throws(TranslationError) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : String(d)
        case .string(let s): return stringLiteral(s)
        case .date(let ms): return dateLiteral(ms)
        case .array(let items): return "[" + (try items.mapTranslating(literal)).joined(separator: ", ") + "]"
        }
    }

    func dateLiteral(_ ms: Int64) -> String { "TO_DATETIME(\(stringLiteral(Timestamp.iso8601(millis: ms))))" }

    /// A string literal with `"` quotes and backslash escapes.
    func stringLiteral(_ s: String) -> String { JSONWriter.quote(s) }

    func timeSpan(_ t: TimeSpan) throws(TranslationError) -> String { t.description }

    /// A column or field name, quoted when the target needs it.
    func identifier(_ name: String) -> String {
        let plain = name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "@" }
        return plain && !(name.first?.isNumber ?? true) ? name : "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
    }

    /// Canonical function names and the target's spelling, for the functions whose arguments
    /// keep their order.
    var functionNames: [String: String] {
        [
            "lower": "TO_LOWER", "upper": "TO_UPPER", "length": "LENGTH", "concat": "CONCAT", "coalesce": "COALESCE",
            "now": "NOW", "starts_with": "STARTS_WITH", "ends_with": "ENDS_WITH", "substring": "SUBSTRING", "trim": "TRIM",
            "to_string": "TO_STRING", "to_long": "TO_LONG", "to_double": "TO_DOUBLE", "to_boolean": "TO_BOOLEAN",
            "to_datetime": "TO_DATETIME", "to_ip": "TO_IP", "date_trunc": "DATE_TRUNC", "date_diff": "DATE_DIFF",
            "date_extract": "DATE_EXTRACT", "date_format": "DATE_FORMAT", "cidr_match": "CIDR_MATCH", "abs": "ABS",
            "round": "ROUND", "floor": "FLOOR", "ceil": "CEIL", "mv_first": "MV_FIRST", "mv_last": "MV_LAST",
            "mv_count": "MV_COUNT", "mv_min": "MV_MIN", "mv_max": "MV_MAX", "mv_dedupe": "MV_DEDUPE", "mv_concat": "MV_CONCAT",
            "greatest": "GREATEST", "least": "LEAST", "replace": "REPLACE", "split": "SPLIT",
        ]
    }

    func call(_ name: String, _ args: [Expression]) throws(TranslationError) -> String {
        guard let spelled = functionNames[name] else {
            throw refuse("\(name)()", "the target has no function with the same meaning")
        }
        return spelled + "(" + (try args.mapTranslating(expression)).joined(separator: ", ") + ")"
    }

    func inList(_ x: Expression, _ list: [Expression], negated: Bool) throws(TranslationError) -> String {
        let items = try list.mapTranslating(expression)
        return try render(x, .comparison) + (negated ? " NOT IN (" : " IN (") + items.joined(separator: ", ") + ")"
    }

    func isNull(_ x: Expression, negated: Bool) throws(TranslationError) -> String {
        try render(x, .comparison) + (negated ? " IS NOT NULL" : " IS NULL")
    }

    func patternMatch(_ x: Expression, _ p: StringPattern, negated: Bool) throws(TranslationError) -> (String, Precedence) {
        let subject = try render(x, .comparison)
        let op = negated ? " NOT" : ""
        switch p.kind {
        case .glob(let g, _) where !p.caseInsensitive && p.anchored:
            return ("\(subject)\(op) LIKE \(stringLiteral(g))", .comparison)
        case .regex(let r) where !p.caseInsensitive && p.anchored:
            return ("\(subject)\(op) RLIKE \(stringLiteral(r))", .comparison)
        default:
            throw refuse("pattern \(p)", "the target has no equivalent match")
        }
    }

    /// The field and values of `F = "a" or F = "b" ...` (exact, case-sensitive field filters).
    func exactAlternatives(_ e: Expression) -> (String, [String])? {
        switch e {
        case .binary(.or, let a, let b):
            guard let x = exactAlternatives(a), let y = exactAlternatives(b), x.0 == y.0 else { return nil }
            return (x.0, x.1 + y.1)
        case .fieldMatch(let f, let p, false):
            guard case .exact(let v) = p.kind, !p.caseInsensitive, p.anchored else { return nil }
            return (f, [v])
        default:
            return nil
        }
    }

    /// A CQL field filter as a value: two-valued, and true for a missing field when negated.
    func fieldMatch(_ f: String, _ p: StringPattern, negated: Bool) throws(TranslationError) -> (String, Precedence) {
        let subject = try fieldText(f)
        if case .any = p.kind { return ("\(subject) IS \(negated ? "" : "NOT ")NULL", .comparison) }
        let test = try fieldTest(subject, p)
        if negated { return ("(\(subject) IS NULL \(orWord) \(notWord) \(test.hasPrefix("(") ? test : "(" + test + ")"))", .atom) }
        return ("\(coalesceFunction)(\(test), \(try literal(.bool(false))))", .atom)
    }

    var coalesceFunction: String { "COALESCE" }

    /// The test of a CQL field filter on a present value (null when the value is missing).
    func fieldTest(_ subject: String, _ p: StringPattern) throws(TranslationError) -> String {
        throw refuse("field filter = \(p)", "the target has no equivalent filter")
    }

    func caseWhen(_ clauses: [WhenClause], _ otherwise: Expression?) throws(TranslationError) -> String {
        var parts: [String] = []
        var clauses = clauses, otherwise = otherwise
        // A CASE in the default branch joins the outer one: CASE(a, x, CASE(b, y, z)) is CASE(a, x, b, y, z).
        while case .caseWhen(let inner, let rest)? = otherwise {
            clauses += inner
            otherwise = rest
        }
        for c in clauses {
            parts.append(try condition(c.condition))
            parts.append(try expression(c.value))
        }
        if let o = otherwise { parts.append(try expression(o)) }
        return "CASE(" + parts.joined(separator: ", ") + ")"
    }

    func cast(_ x: Expression, _ type: ValueType) throws(TranslationError) -> String {
        try render(x, .atom) + "::" + type.rawValue
    }

    // MARK: - Rewrites

    /// `NOT` moved down to the comparisons: De Morgan through AND and OR, comparisons flipped,
    /// negated forms toggled. Each step keeps the meaning under three-valued logic.
    func pushNot(_ e: Expression) -> Expression {
        switch e {
        case .unary(.not, let x): return negation(x)
        case .binary(.and, let a, let b): return .binary(.and, pushNot(a), pushNot(b))
        case .binary(.or, let a, let b): return .binary(.or, pushNot(a), pushNot(b))
        default: return e
        }
    }

    func negation(_ e: Expression) -> Expression {
        switch e {
        case .unary(.not, let x): return pushNot(x)
        case .binary(.and, let a, let b): return .binary(.or, negation(a), negation(b))
        case .binary(.or, let a, let b): return .binary(.and, negation(a), negation(b))
        case .binary(let op, let a, let b) where op.isComparison:
            let flipped: BinaryOperator
            switch op {
            case .equal: flipped = .notEqual
            case .notEqual: flipped = .equal
            case .less: flipped = .greaterOrEqual
            case .lessOrEqual: flipped = .greater
            case .greater: flipped = .lessOrEqual
            default: flipped = .less
            }
            return .binary(flipped, a, b)
        case .inList(let x, let l, let n): return .inList(x, l, negated: !n)
        case .isNull(let x, let n): return .isNull(x, negated: !n)
        case .patternMatch(let x, let p, let n): return .patternMatch(x, p, negated: !n)
        case .fieldMatch(let f, let p, let n): return .fieldMatch(field: f, p, negated: !n)
        case .literal(.bool(let b)): return .literal(.bool(!b))
        default: return .unary(.not, e)
        }
    }

    /// Comparisons of a source field the mapping makes constant, decided now (`event.dataset ==
    /// "aws.cloudtrail"` is true of every CloudTrail event), and the AND/OR around them simplified.
    func fold(_ e: Expression) -> Expression {
        switch e {
        case .binary(.and, let a, let b):
            let x = fold(a), y = fold(b)
            if x == .literal(.bool(true)) { return y }
            if y == .literal(.bool(true)) { return x }
            if x == .literal(.bool(false)) || y == .literal(.bool(false)) { return .literal(.bool(false)) }
            return .binary(.and, x, y)
        case .binary(.or, let a, let b):
            let x = fold(a), y = fold(b)
            if x == .literal(.bool(false)) { return y }
            if y == .literal(.bool(false)) { return x }
            if x == .literal(.bool(true)) || y == .literal(.bool(true)) { return .literal(.bool(true)) }
            return .binary(.or, x, y)
        case .binary(let op, .field(let f), .literal(.string(let v))) where op == .equal || op == .notEqual:
            guard let c = constant(of: f) else { return e }
            return .literal(.bool((c == v) == (op == .equal)))
        case .fieldMatch(let f, let p, let negated):
            guard let c = constant(of: f), case .exact(let v) = p.kind, !p.caseInsensitive, p.anchored else { return e }
            return .literal(.bool((c == v) != negated))
        default:
            return e
        }
    }

    /// True when the expression is a number in every row (counts, sums, arithmetic on them).
    func isNumericExpression(_ e: Expression) -> Bool {
        switch e {
        case .literal(.int), .literal(.double): return true
        case .field(let n): return [.long, .double].contains(fieldType(n))
        case .binary(let op, let a, let b) where [.add, .subtract, .multiply, .divide, .modulo].contains(op):
            return isNumericExpression(a) && isNumericExpression(b)
        case .call(let n, _): return ["length", "to_long", "to_double", "abs", "round", "floor", "ceil", "mv_count", "date_diff"].contains(n)
        default: return false
        }
    }
}
