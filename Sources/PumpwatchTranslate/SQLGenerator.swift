import PumpwatchCore
import PumpwatchQuery

/// The base of the SQL generators: one common table expression per plan operator, named after
/// it (`filter_2`, `aggregate_4`), over a `source` expression that turns raw JSON records into
/// the plan's fields with the mapping's SQL expressions.
///
/// Meaning is kept where SQL differs: CQL field filters stay two-valued (`!=` matches a missing
/// field), CQL compares text as numbers, globs become `LIKE` with `%`/`_` escaped, CQL's
/// unanchored regexes and ES|QL's anchored ones keep their anchoring, ES|QL integer division
/// truncates, and the final `SELECT` repeats the order of the last sort.
class SQLGenerator: Dialect {
    /// The source expressions already written, by their text, so union branches share them.
    var sourceRelations: [String: String] = [:]

    override func startPass() {
        super.startPass()
        sourceRelations = [:]
    }

    override var commentPrefix: String { "--" }

    override func document(_ pipeline: Pipeline) -> String {
        var lines = ["-- \(target.displayName) over raw \(sourceFormat) records: `\(source.from ?? "")` has one row per record, the record in column `\(source.record ?? "")`"]
        lines += notes.map { "-- " + $0 }
        lines.append("WITH")
        lines.append(pipeline.stages.map { "  " + $0 }.joined(separator: ",\n"))
        var last = "SELECT * FROM \(pipeline.relation)"
        if let order = pipeline.order { last += " ORDER BY \(order)" }
        lines.append(last + ";")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A new common table expression over `input`.
    func stage(_ input: Pipeline, _ op: String, _ select: String) -> Pipeline {
        counter += 1
        var out = input
        out.relation = "\(op)_\(counter)"
        out.stages.append("\(out.relation) AS (\n    \(select)\n  )")
        return out
    }

    /// Merges the stage lists of branches, keeping the first copy of a shared expression.
    func merged(_ lists: [[String]]) -> [String] {
        var out: [String] = []
        for list in lists { for s in list where !out.contains(s) { out.append(s) } }
        return out
    }

    // MARK: - Hooks for each SQL engine

    /// A quoted identifier.
    func quote(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    /// `TRY_CAST` where the engine has it.
    func tryCast(_ x: String, _ type: String) -> String { "TRY_CAST(\(x) AS \(type))" }
    var stringType: String { "VARCHAR" }
    /// An unanchored regex search.
    func regexSearch(_ subject: String, _ regex: String) -> String { "regexp_matches(\(subject), \(stringLiteral(regex)))" }
    /// A whole-string regex match.
    func regexFullMatch(_ subject: String, _ regex: String) -> String { "regexp_full_match(\(subject), \(stringLiteral(regex)))" }
    /// Group `n` of the first match, or the empty string.
    func regexGroup(_ subject: String, _ regex: String, _ n: Int) -> String { "regexp_extract(\(subject), \(stringLiteral(regex)), \(n))" }
    /// `value` rounded down to a multiple of a fixed span, epoch-aligned.
    func bucket(_ value: String, _ span: TimeSpan) -> String { value }
    /// Distinct values joined by a separator, at most `limit` of them.
    func joinedDistinct(_ x: String, limit: Int?, separator: String) -> String { x }
    /// Distinct values as a list.
    func distinctList(_ x: String) -> String { "list(DISTINCT \(x))" }
    /// The value of the row with the latest `by`.
    func latest(_ x: String, by: String) -> String { "arg_max(\(x), \(by))" }
    /// Integer division truncating toward zero, as ES|QL divides integers.
    func integerDivision(_ a: String, _ b: String) -> String { "CAST(trunc(\(a) / \(b)) AS BIGINT)" }
    /// Text concatenation that skips nulls (CQL's `concat`).
    func concatSkippingNulls(_ args: [String]) -> String { "concat(" + args.joined(separator: ", ") + ")" }
    func startsWith(_ a: String, _ b: String) -> String { "starts_with(\(a), \(b))" }
    func endsWith(_ a: String, _ b: String) -> String { "ends_with(\(a), \(b))" }
    /// One row per element of a list column.
    func unnest(_ x: String) -> String { "unnest(\(x))" }
    /// The raw-JSON path of a field (`$.a.b`).
    func jsonPathLiteral(_ field: String) -> String {
        "$." + field.split(separator: ".").map { "\"" + $0 + "\"" }.joined(separator: ".")
    }

    override func rawPath(_ field: String) -> String {
        "{record}->>" + stringLiteral(jsonPathLiteral(field))
    }

    // MARK: - Fields

    override func identifier(_ name: String) -> String { quote(name) }

    override func stringLiteral(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    override func sourceField(_ name: String) throws(TranslationError) -> String {
        let e = try entry(name)
        use(name, e)
        return quote(name)
    }

    /// The SQL that computes a source field from the raw record.
    func sourceExpression(_ name: String) throws(TranslationError) -> String {
        let e = try entry(name)
        if let c = e.constant { return stringLiteral(c) }
        if let x = e.expression { return x.replacingOccurrences(of: "{record}", with: source.record ?? "json") }
        if let n = e.name { return quote(n) }
        return quote(name)
    }

    // MARK: - Operators

    override func source(_ s: SourceSelection) throws(TranslationError) -> Pipeline {
        var names = sourceFields
        if wholeRows {
            for (name, e) in (source.fields ?? [:]).sorted(by: { $0.key < $1.key }) where e.unavailable == nil && !names.contains(name) {
                names.append(name)
            }
            if sourceFormat == "falcon" { note("whole events are returned with the fields the query names; the raw record has more") }
        }
        var columns: [Pipeline.Column] = []
        var select: [String] = []
        for name in names {
            let e = try entry(name)
            if sourceFields.contains(name) { use(name, e) }
            select.append("\(try sourceExpression(name)) AS \(quote(name))")
            columns.append(.init(name: name, text: quote(name), type: e.type ?? (sourceFormat == "falcon" ? .string : (e.constant != nil ? .string : nil))))
        }
        if select.isEmpty { select = [source.record ?? "json"] }
        let body = "SELECT\n      " + select.joined(separator: ",\n      ") + "\n    FROM \(source.from ?? sourceFormat)"
        var p = Pipeline()
        p.columns = columns
        p.passthrough = true
        if let name = sourceRelations[body] {
            p.relation = name
            return p
        }
        let name = sourceRelations.isEmpty ? "source" : "source_\(sourceRelations.count + 1)"
        sourceRelations[body] = name
        p.relation = name
        p.stages = ["\(name) AS (\n    \(body)\n  )"]
        return p
    }

    override func filter(_ input: Pipeline, _ c: Expression) throws(TranslationError) -> Pipeline {
        let folded = fold(c)
        if folded == .literal(.bool(true)) { return input }
        return stage(input, "filter", "SELECT * FROM \(input.relation) WHERE \(try condition(folded))")
    }

    /// The select list that keeps every column of `p` except `replaced`.
    func carried(_ p: Pipeline, except replaced: Set<String> = []) -> [String] {
        p.columns.filter { !replaced.contains($0.name) }.map(\.text)
    }

    override func eval(_ input: Pipeline, _ assignments: [Assignment]) throws(TranslationError) -> Pipeline {
        // Assignments that read a column assigned earlier in the same eval get their own step.
        var out = input
        var pending: [Assignment] = []
        func flush() throws(TranslationError) {
            guard !pending.isEmpty else { return }
            let names = Set(pending.map(\.name))
            var select = carried(out, except: names)
            var next = out
            for a in pending {
                var value = try expression(a.expression)
                if a.skipWhenNull, out.column(a.name) != nil { value = "coalesce(\(value), \(quote(a.name)))" }
                select.append("\(value) AS \(quote(a.name))")
                next.set(.init(name: a.name, text: quote(a.name), type: expressionType(a.expression)))
            }
            let passthrough = out.passthrough
            out = stage(out, "eval", "SELECT " + select.joined(separator: ", ") + " FROM \(out.relation)")
            out.columns = next.columns
            out.passthrough = passthrough
            scope = out
            pending = []
        }
        for a in assignments {
            if !a.expression.fieldsRead.isDisjoint(with: Set(pending.map(\.name))) { try flush() }
            pending.append(a)
        }
        try flush()
        return out
    }

    override func aggregate(_ input: Pipeline, _ a: Aggregation) throws(TranslationError) -> Pipeline {
        var keyTexts: [(name: String, expression: String)] = []
        for k in a.keys { keyTexts.append((k.name, try expression(k.expression))) }
        var aggs: [(name: String, text: String)] = []
        for c in a.aggregates { aggs.append((c.outputName, try aggregateCall(c))) }
        let keySelect = keyTexts.map { $0.expression == quote($0.name) ? $0.expression : "\($0.expression) AS \(quote($0.name))" }
        let aggSelect = aggs.map { "\($0.text) AS \(quote($0.name))" }
        let select = a.columnOrder == .keysThenAggregates ? keySelect + aggSelect : aggSelect + keySelect
        var sql = "SELECT " + select.joined(separator: ", ") + " FROM \(input.relation)"
        if a.dropNullKeys, !keyTexts.isEmpty {
            sql += " WHERE " + keyTexts.map { "\($0.expression) IS NOT NULL" }.joined(separator: " AND ")
        }
        if !keyTexts.isEmpty { sql += " GROUP BY " + keyTexts.map(\.expression).joined(separator: ", ") }
        if keyTexts.isEmpty && !a.emptyInputGivesRow { sql += " HAVING count(*) > 0" }
        if let limit = a.groupLimit, limit != 20_000 {
            note("groupBy(limit=\(limit)): LogScale stops at \(limit) groups and flags the result as partial; this query returns every group")
        }
        var out = stage(input, "aggregate", sql)
        let keyTypes = Dictionary(a.keys.map { ($0.name, expressionType($0.expression)) }, uniquingKeysWith: { x, _ in x })
        out.columns = aggregateColumns(a).map { c in
            var c = c
            c.text = quote(c.name)
            if let t = keyTypes[c.name] { c.type = t }
            if let call = a.aggregates.first(where: { $0.outputName == c.name }) { c.type = sqlAggregateType(call) }
            return c
        }
        out.passthrough = false
        out.order = nil
        return out
    }

    func sqlAggregateType(_ c: AggregateCall) -> FieldEntry.ValueKind? {
        switch c.function {
        case .min, .max, .sum:
            if semantics == .cql { return .double }
            return c.argument.flatMap(expressionType)
        default: return aggregateType(c)
        }
    }

    override func aggregateCall(_ c: AggregateCall) throws(TranslationError) -> String {
        var arg = try c.argument.map { (x) throws(TranslationError) in try expression(x) } ?? "*"
        if semantics == .cql, [.min, .max, .sum, .avg].contains(c.function), c.argument.map(isNumericExpression) != true {
            arg = tryCast(arg, "DOUBLE")
        }
        var text: String
        switch c.function {
        case .count: text = "count(*)"
        case .countValues: text = "count(\(arg))"
        case .countDistinct: text = "count(DISTINCT \(arg))"
        case .sum: text = "sum(\(arg))"
        case .avg: text = "avg(\(arg))"
        case .min: text = "min(\(arg))"
        case .max: text = "max(\(arg))"
        case .values:
            if let sep = c.separator {
                text = joinedDistinct(arg, limit: c.limit, separator: sep)
                if let l = c.limit {
                    note("collect(limit=\(l)): past \(l) distinct values, which ones are kept differs (LogScale leaves it unspecified); here the first \(l) in sorted order")
                }
            } else {
                if c.limit != nil { throw refuse("values(limit=)", "the limit has no SQL form") }
                text = distinctList(arg)
                note("VALUES() is a list here; ES|QL gives a single value when there is one")
            }
        case .last:
            guard scope.column("@timestamp") != nil || scope.passthrough else {
                throw refuse("selectLast()", "the rows have no @timestamp to order by")
            }
            text = latest(arg, by: try fieldText("@timestamp"))
        case .first:
            throw refuse("first()", "it depends on the order the events are read in, which SQL does not keep")
        }
        if let f = c.filter { text += " FILTER (WHERE \(try condition(f)))" }
        return text
    }

    override func sort(_ input: Pipeline, _ keys: [SortKey], limit: Int?) throws(TranslationError) -> Pipeline {
        let order = try orderBy(keys)
        var sql = "SELECT * FROM \(input.relation) ORDER BY \(order)"
        if let limit { sql += " LIMIT \(limit)" }
        var out = stage(input, "sort", sql)
        out.order = order
        return out
    }

    /// The ORDER BY list: explicit null placement, CQL's numeric sort on text.
    func orderBy(_ keys: [SortKey]) throws(TranslationError) -> String {
        try keys.mapTranslating { (k) throws(TranslationError) -> String in
            var e = try expression(k.expression)
            switch k.comparison {
            case .number where !isNumericExpression(k.expression): e = tryCast(e, "DOUBLE")
            case .string: e = "CAST(\(e) AS \(stringType))"
            case .hex: throw refuse("sort(type=hex)", "SQL has no hexadecimal ordering")
            default: break
            }
            let nullsFirst = k.nullsFirst ?? (semantics == .esql ? k.order == .descending : false)
            return e + (k.order == .ascending ? " ASC" : " DESC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST")
        }.joined(separator: ", ")
    }

    override func limit(_ input: Pipeline, _ count: Int, from end: LimitEnd) throws(TranslationError) -> Pipeline {
        if end == .head {
            var sql = "SELECT * FROM \(input.relation)"
            if let o = input.order { sql += " ORDER BY \(o)" }
            return stage(input, "limit", sql + " LIMIT \(count)")
        }
        // The last events: the latest by time, shown oldest first (LogScale's tail).
        guard input.order == nil, input.column("@timestamp") != nil || input.passthrough else {
            throw refuse("tail(\(count))", "SQL rows have no stream order; only the latest events by @timestamp have a meaning")
        }
        let ts = try fieldText("@timestamp")
        note("tail(\(count)): the \(count) latest events by @timestamp")
        var out = stage(input, "limit", "SELECT * FROM \(input.relation) ORDER BY \(ts) DESC LIMIT \(count)")
        out.order = "\(ts) ASC"
        return out
    }

    override func union(_ branches: [LogicalPlan]) throws(TranslationError) -> Pipeline {
        var rendered: [Pipeline] = []
        for b in branches { rendered.append(try render(b)) }
        var columns: [Pipeline.Column] = []
        for p in rendered { for c in p.columns where !columns.contains(where: { $0.name == c.name }) { columns.append(c) } }
        let selects = rendered.map { p in
            "SELECT " + columns.map { c in p.column(c.name) != nil ? quote(c.name) : "NULL AS \(quote(c.name))" }.joined(separator: ", ") + " FROM \(p.relation)"
        }
        var out = Pipeline()
        out.stages = merged(rendered.map(\.stages))
        out.columns = columns
        out.passthrough = false
        out = stage(out, "union", selects.joined(separator: "\n    UNION ALL\n    "))
        out.columns = columns
        out.passthrough = false
        out.order = nil
        return out
    }

    override func dissect(_ input: Pipeline, field: Expression, pattern: DissectPattern) throws(TranslationError) -> Pipeline {
        guard let (regex, groups) = PatternText.dissectRegex(pattern) else {
            throw refuse("DISSECT \(JSONWriter.quote(pattern.source))", "appended keys (%{+key}) and adjacent keys have no regex form")
        }
        let subject = try expression(field)
        let r = "(?s)" + regex
        return try extraction(input, subject: subject, regex: r, groups: groups.enumerated().map { ($1, $0 + 1) }, dropUnmatched: false)
    }

    override func extract(_ input: Pipeline, field: Expression, pattern: ExtractPattern) throws(TranslationError) -> Pipeline {
        let (plain, numbers) = PatternText.numberedGroups(pattern.regex)
        var r = pattern.anchored ? "^(?:\(plain))$" : plain
        if pattern.caseInsensitive { r = "(?i)" + r }
        if let problem = regexProblem(r) { throw refuse("regex /\(pattern.regex)/", problem) }
        let groups = pattern.groupNames.compactMap { n in numbers[n].map { (n, $0) } }
        return try extraction(input, subject: try expression(field), regex: r, groups: groups, dropUnmatched: pattern.dropUnmatched)
    }

    /// Why the engine cannot run a regex, or nil.
    func regexProblem(_ regex: String) -> String? { nil }

    func extraction(_ input: Pipeline, subject: String, regex: String, groups: [(String, Int)], dropUnmatched: Bool) throws(TranslationError) -> Pipeline {
        let names = Set(groups.map(\.0))
        var select = carried(input, except: names)
        let test = regexSearch(subject, regex)
        for (name, n) in groups {
            select.append("CASE WHEN \(test) THEN \(regexGroup(subject, regex, n)) END AS \(quote(name))")
        }
        var sql = "SELECT " + select.joined(separator: ", ") + " FROM \(input.relation)"
        if dropUnmatched { sql += " WHERE \(test)" }
        let passthrough = input.passthrough
        var out = stage(input, dropUnmatched ? "extract" : "dissect", sql)
        for (name, _) in groups { out.set(.init(name: name, text: quote(name), type: .string)) }
        out.passthrough = passthrough
        return out
    }

    override func project(_ input: Pipeline, _ projection: Projection) throws(TranslationError) -> Pipeline {
        var out = input
        switch projection {
        case .keep(let names):
            if input.passthrough {
                for n in names where n.contains("*") {
                    if sourceFormat == "falcon" { throw refuse("KEEP \(n)", "the names of raw Falcon fields are not known before reading") }
                    for f in (source.fields ?? [:]).keys.sorted() where matches(n, f) && source.fields?[f]?.unavailable == nil { _ = try fieldText(f) }
                }
            }
            var kept = try keptColumns(input, names)
            if input.passthrough {
                for n in names where n.contains("*") {
                    for f in (source.fields ?? [:]).keys.sorted() where matches(n, f) && !kept.contains(where: { $0.name == f }) && source.fields?[f]?.unavailable == nil {
                        kept.append(.init(name: f, text: quote(f), type: fieldType(f)))
                    }
                }
            }
            let select = kept.map { c in input.column(c.name) != nil || input.passthrough ? quote(c.name) : "NULL AS \(quote(c.name))" }
            out = stage(input, "project", "SELECT " + select.joined(separator: ", ") + " FROM \(input.relation)")
            out.columns = kept.map { var c = $0; c.text = quote(c.name); c.type = input.column(c.name)?.type ?? fieldType(c.name); return c }
            out.passthrough = false
        case .drop(let names):
            let kept = input.columns.filter { c in !names.contains { matches($0, c.name) } }
            out = stage(input, "project", "SELECT " + kept.map(\.text).joined(separator: ", ") + " FROM \(input.relation)")
            out.columns = kept
        case .rename(let pairs):
            var columns = input.columns
            for pair in pairs {
                columns.removeAll { $0.name == pair.to }
                if let i = columns.firstIndex(where: { $0.name == pair.from }) { columns[i].name = pair.to }
            }
            let select = input.columns.compactMap { c -> String? in
                guard let renamed = columns.first(where: { $0.text == c.text }) else { return nil }
                return renamed.name == c.name ? c.text : "\(c.text) AS \(quote(renamed.name))"
            }
            out = stage(input, "project", "SELECT " + select.joined(separator: ", ") + " FROM \(input.relation)")
            out.columns = columns.map { var c = $0; c.text = quote(c.name); return c }
            if let o = input.order, pairs.contains(where: { o.contains(quote($0.from)) }) { out.order = nil }
        }
        return out
    }

    override func mvExpand(_ input: Pipeline, field: String) throws(TranslationError) -> Pipeline {
        guard fieldType(field) == .list else {
            note("MV_EXPAND \(field): the column holds one value per row here, so each row stays as it is")
            return input
        }
        let select = input.columns.map { $0.name == field ? "\(unnest($0.text)) AS \($0.text)" : $0.text }
        var out = stage(input, "mv_expand", "SELECT " + select.joined(separator: ", ") + " FROM \(input.relation)")
        if let i = out.columns.firstIndex(where: { $0.name == field }) { out.columns[i].type = nil }
        return out
    }

    // MARK: - Expressions

    override var notWord: String { "NOT" }

    override func binaryToken(_ op: BinaryOperator) -> String {
        switch op {
        case .equal: return "="
        case .notEqual: return "<>"
        default: return super.binaryToken(op)
        }
    }

    override func binary(_ op: BinaryOperator, _ a: Expression, _ b: Expression) throws(TranslationError) -> (String, Precedence) {
        if op.isComparison {
            let p = Precedence.comparison
            return ("\(try comparand(a, against: b)) \(binaryToken(op)) \(try comparand(b, against: a))", p)
        }
        if op == .divide, semantics == .esql, expressionType(a) == .long, expressionType(b) == .long {
            return (integerDivision(try render(a, .multiplicative), try render(b, .unary)), .atom)
        }
        return try super.binary(op, a, b)
    }

    /// One side of a comparison, converted as the plan's language compares: CQL compares text
    /// as a number when the other side is a number; ES|QL reads a string literal as a date
    /// when the other side is a date.
    func comparand(_ e: Expression, against other: Expression) throws(TranslationError) -> String {
        if semantics == .cql, isNumericLiteral(other), !isNumericExpression(e), case .field = e {
            return tryCast(try expression(e), "DOUBLE")
        }
        if case .literal(.string(let s)) = e, expressionType(other) == .datetime, let ms = Timestamp.parse(s) {
            return dateLiteral(ms)
        }
        return try render(e, .additive)
    }

    func isNumericLiteral(_ e: Expression) -> Bool {
        switch e {
        case .literal(.int), .literal(.double): return true
        case .unary(.negate, let x): return isNumericLiteral(x)
        default: return false
        }
    }

    /// The type of an expression's value, when it is known.
    func expressionType(_ e: Expression) -> FieldEntry.ValueKind? {
        switch e {
        case .field(let n): return fieldType(n)
        case .literal(.int): return .long
        case .literal(.double): return .double
        case .literal(.string): return .string
        case .literal(.bool): return .boolean
        case .literal(.date): return .datetime
        case .binary(let op, let a, let b):
            if op.isComparison || op == .and || op == .or { return .boolean }
            let x = expressionType(a), y = expressionType(b)
            if x == .datetime || y == .datetime { return .datetime }
            if op == .divide, semantics == .cql { return .double }
            if x == .long, y == .long { return .long }
            if [x, y].allSatisfy({ $0 == .long || $0 == .double }) { return .double }
            return nil
        case .call("date_trunc", _), .call("now", _), .call("to_datetime", _): return .datetime
        case .call("to_long", _), .call("length", _): return .long
        case .call("to_double", _): return .double
        case .call("to_string", _), .call("lower", _), .call("upper", _), .call("concat", _): return .string
        case .isNull, .inList, .patternMatch, .fieldMatch, .unary(.not, _): return .boolean
        case .unary(.negate, let x): return expressionType(x)
        case .call("coalesce", let args): return args.first.flatMap(expressionType)
        case .caseWhen(let clauses, let otherwise):
            let types = Set((clauses.map(\.value) + (otherwise.map { [$0] } ?? [])).map(expressionType))
            return types.count == 1 ? types.first! : nil
        default: return nil
        }
    }

    override func literal(_ v: Value) throws(TranslationError) -> String {
        switch v {
        case .null: return "NULL"
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .array: throw refuse("a list literal", "SQL has no multi-values")
        default: return try super.literal(v)
        }
    }

    override func dateLiteral(_ ms: Int64) -> String {
        var text = Timestamp.iso8601(millis: ms).replacingOccurrences(of: "T", with: " ")
        if text.hasSuffix("Z") { text.removeLast() }
        return "TIMESTAMP '\(text)'"
    }

    override func timeSpan(_ t: TimeSpan) throws(TranslationError) -> String {
        switch t.unit {
        case .quarter: return "INTERVAL \(t.amount * 3) MONTH"
        case .week: return "INTERVAL \(t.amount * 7) DAY"
        default: return "INTERVAL \(t.amount) \(t.unit.rawValue.uppercased())"
        }
    }

    override func call(_ name: String, _ args: [Expression]) throws(TranslationError) -> String {
        func arg(_ i: Int) throws(TranslationError) -> String {
            guard i < args.count else { throw refuse("\(name)()", "it needs \(i + 1) arguments") }
            return try expression(args[i])
        }
        switch name {
        case "now": return mapping.now ?? "now()"
        case "lower", "upper", "length", "trim", "abs", "floor", "ceil", "coalesce":
            return name + "(" + (try args.mapTranslating(expression)).joined(separator: ", ") + ")"
        case "round":
            return "round(" + (try args.mapTranslating(expression)).joined(separator: ", ") + ")"
        case "concat":
            let texts = try args.mapTranslating(expression)
            return semantics == .cql ? concatSkippingNulls(texts) : "(" + texts.joined(separator: " || ") + ")"
        case "starts_with": return startsWith(try arg(0), try arg(1))
        case "ends_with": return endsWith(try arg(0), try arg(1))
        case "substring":
            return "substring(" + (try args.mapTranslating(expression)).joined(separator: ", ") + ")"
        case "to_string": return "CAST(\(try arg(0)) AS \(stringType))"
        case "to_long": return tryCast(try arg(0), "BIGINT")
        case "to_double": return tryCast(try arg(0), "DOUBLE")
        case "to_boolean": return tryCast(try arg(0), "BOOLEAN")
        case "to_datetime": return tryCast(try arg(0), "TIMESTAMP")
        case "date_trunc":
            guard args.count == 2, case .timeSpan(let span) = args[0] else {
                throw refuse("date_trunc()", "the span must be a constant")
            }
            return try dateTrunc(span, try arg(1))
        case "replace":
            return "regexp_replace(\(try arg(0)), \(try arg(1)), \(try arg(2)))"
        default:
            throw refuse("\(name)()", "SQL has no function with the same meaning here")
        }
    }

    /// `DATE_TRUNC(span, x)`: epoch-aligned fixed spans, Monday weeks, calendar months and years.
    func dateTrunc(_ span: TimeSpan, _ x: String) throws(TranslationError) -> String {
        switch span.unit {
        case .millisecond, .second, .minute, .hour, .day:
            return bucket(x, span)
        case .week where span.amount == 1: return "date_trunc('week', \(x))"
        case .month where span.amount == 1: return "date_trunc('month', \(x))"
        case .quarter where span.amount == 1: return "date_trunc('quarter', \(x))"
        case .year where span.amount == 1: return "date_trunc('year', \(x))"
        default:
            throw refuse("DATE_TRUNC(\(span), ...)", "spans of several weeks, months or years are aligned differently in SQL")
        }
    }

    override func inList(_ x: Expression, _ list: [Expression], negated: Bool) throws(TranslationError) -> String {
        var items: [String] = []
        for i in list { items.append(try comparand(i, against: x)) }
        return try comparand(x, against: list.first ?? x) + (negated ? " NOT IN (" : " IN (") + items.joined(separator: ", ") + ")"
    }

    override func patternMatch(_ x: Expression, _ p: StringPattern, negated: Bool) throws(TranslationError) -> (String, Precedence) {
        let subject = try render(x, .comparison)
        let test = try match(subject, p)
        return (negated ? "NOT \(test)" : test, negated ? .not : .comparison)
    }

    /// A string test of a non-null subject.
    func match(_ subject: String, _ p: StringPattern) throws(TranslationError) -> String {
        let s = p.caseInsensitive ? "lower(\(subject))" : subject
        func text(_ t: String) -> String { p.caseInsensitive ? t.lowercased() : t }
        switch p.kind {
        case .any:
            return "\(subject) IS NOT NULL"
        case .exact(let v):
            if p.anchored { return "\(s) = \(stringLiteral(text(v)))" }
            let pieces: [PatternText.GlobPiece] = [.any] + text(v).map { .literal($0) } + [.any]
            return likeTest(s, PatternText.like(pieces))
        case .glob(let g, let q):
            var pieces = PatternText.globPieces(text(g), questionMark: q)
            if !p.anchored { pieces = [.any] + pieces + [.any] }
            return likeTest(s, PatternText.like(pieces))
        case .regex(let r):
            var re = p.anchored ? "^(?:\(r))$" : r
            if p.caseInsensitive { re = "(?i)" + re }
            if let problem = regexProblem(re) { throw refuse("regex /\(r)/", problem) }
            return p.anchored ? regexFullMatch(subject, re) : regexSearch(subject, re)
        }
    }

    /// `LIKE`, with `\\` declared as the escape character when the pattern uses it.
    func likeTest(_ subject: String, _ pattern: String) -> String {
        "\(subject) LIKE \(stringLiteral(pattern))" + (pattern.contains("\\") ? " ESCAPE '\\'" : "")
    }

    override func fieldTest(_ subject: String, _ p: StringPattern) throws(TranslationError) -> String {
        try match(subject, p)
    }

    override func caseWhen(_ clauses: [WhenClause], _ otherwise: Expression?) throws(TranslationError) -> String {
        var clauses = clauses, otherwise = otherwise
        while case .caseWhen(let inner, let rest)? = otherwise {
            clauses += inner
            otherwise = rest
        }
        var s = "CASE"
        for c in clauses { s += " WHEN \(try condition(c.condition)) THEN \(try expression(c.value))" }
        if let o = otherwise { s += " ELSE \(try expression(o))" }
        return s + " END"
    }

    override func cast(_ x: Expression, _ type: ValueType) throws(TranslationError) -> String {
        switch type {
        case .string, .ip: return "CAST(\(try expression(x)) AS \(stringType))"
        case .long, .integer: return tryCast(try expression(x), "BIGINT")
        case .double: return tryCast(try expression(x), "DOUBLE")
        case .boolean: return tryCast(try expression(x), "BOOLEAN")
        case .datetime: return tryCast(try expression(x), "TIMESTAMP")
        }
    }
}
