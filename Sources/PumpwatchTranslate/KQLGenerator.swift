import PumpwatchCore
import PumpwatchQuery

/// KQL for Microsoft Sentinel (Log Analytics): `where`, `extend`, `summarize ... by`, `top`,
/// `union` over `let` branches, `extract()` for DISSECT, and the `_cs` string operators, since
/// ES|QL's and LogScale's matches are case-sensitive.
///
/// KQL strings are never null: a missing string is empty. So `!=` and `!in` on a string match a
/// missing value, as CQL's `!=` does; for ES|QL's `!=`, which does not, `isnotempty()` is added.
final class KQLGenerator: Dialect {
    /// `let` statements for the branches of a union, written before the query.
    var lets: [String] = []

    init(mapping: FieldMapping) {
        super.init(target: .kql, mapping: mapping)
    }

    override func startPass() {
        super.startPass()
        lets = []
    }

    override func document(_ pipeline: Pipeline) -> String {
        var lines = notes.map { "// " + $0 }
        lines += lets
        lines.append(pipeline.stages.joined(separator: "\n| "))
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Operators

    override func sourceText() -> String { source.from ?? "" }

    override func source(_ s: SourceSelection) throws(TranslationError) -> Pipeline {
        var p = Pipeline()
        p.stages = [sourceText()]
        var derived: [String] = []
        for name in derivedFields {
            let e = try entry(name)
            derived.append("\(identifier(e.name ?? name)) = \(e.expression ?? "\"\"")")
        }
        if !derived.isEmpty { p.stages.append("extend " + derived.joined(separator: ", ")) }
        return p
    }

    override func filter(_ input: Pipeline, _ c: Expression) throws(TranslationError) -> Pipeline {
        let folded = fold(c)
        if folded == .literal(.bool(true)) { return input }
        return input.appending("where " + (try condition(folded)))
    }

    override func eval(_ input: Pipeline, _ assignments: [Assignment]) throws(TranslationError) -> Pipeline {
        var out = input
        var parts: [String] = []
        for a in assignments {
            var value = try expression(a.expression)
            if a.skipWhenNull, semantics == .cql, let old = input.column(a.name) { value = "coalesce(\(value), \(old.text))" }
            parts.append("\(identifier(a.name)) = \(value)")
            out.set(.init(name: a.name, text: identifier(a.name), type: nil))
            scope = out
        }
        return out.appending("extend " + parts.joined(separator: ", "))
    }

    override func aggregate(_ input: Pipeline, _ a: Aggregation) throws(TranslationError) -> Pipeline {
        var out = input
        if a.dropNullKeys, !a.keys.isEmpty {
            let present = try a.keys.mapTranslating { (k) throws(TranslationError) in "isnotempty(\(try expression(k.expression)))" }
            out.stages.append("where " + present.joined(separator: " and "))
        }
        let aggs = try a.aggregates.mapTranslating { (c) throws(TranslationError) in "\(identifier(c.outputName)) = \(try aggregateCall(c))" }
        var keyColumns: [Pipeline.Column] = []
        let keys = try a.keys.mapTranslating { (k) throws(TranslationError) -> String in
            let e = try expression(k.expression)
            if case .field = k.expression, isPlainIdentifier(e) {
                keyColumns.append(.init(name: k.name, text: e, type: nil))
                return e
            }
            keyColumns.append(.init(name: k.name, text: identifier(k.name), type: nil))
            return "\(identifier(k.name)) = \(e)"
        }
        var text = "summarize " + aggs.joined(separator: ", ")
        if !keys.isEmpty { text += " by " + keys.joined(separator: ", ") }
        out.stages.append(text)
        let aggColumns = a.aggregates.map { Pipeline.Column(name: $0.outputName, text: identifier($0.outputName), type: aggregateType($0)) }
        out.columns = keyColumns + aggColumns
        out.passthrough = false
        var joins: [String] = []
        for c in a.aggregates where c.function == .values && c.separator != nil {
            let name = identifier(c.outputName)
            joins.append("\(name) = strcat_array(array_sort_asc(\(name)), \(stringLiteral(c.separator ?? "\n")))")
            if let l = c.limit { note("collect(limit=\(l)): make_set keeps \(l) of the distinct values; which ones differs when there are more (LogScale leaves it unspecified)") }
        }
        if !joins.isEmpty { out.stages.append("extend " + joins.joined(separator: ", ")) }
        return out
    }

    func isPlainIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && !(s.first?.isNumber ?? true)
    }

    override func aggregateCall(_ c: AggregateCall) throws(TranslationError) -> String {
        var arg = try c.argument.map { (x) throws(TranslationError) in try expression(x) } ?? ""
        if semantics == .cql, [.min, .max, .sum, .avg].contains(c.function), c.argument.map(isNumericExpression) != true {
            arg = "todouble(\(arg))"
        }
        let cond = try c.filter.map { (f) throws(TranslationError) in try condition(f) }
        func fn(_ name: String, _ args: [String]) -> String {
            (cond == nil ? name : name + "if") + "(" + (args + (cond.map { [$0] } ?? [])).joined(separator: ", ") + ")"
        }
        switch c.function {
        case .count: return fn("count", [])
        case .countValues: return cond == nil ? "countif(isnotempty(\(arg)))" : "countif(isnotempty(\(arg)) and \(cond!))"
        case .countDistinct: return fn("count_distinct", [arg])
        case .sum: return fn("sum", [arg])
        case .avg: return fn("avg", [arg])
        case .min: return fn("min", [arg])
        case .max: return fn("max", [arg])
        case .values:
            if c.separator == nil, c.limit == nil { note("make_set gives a dynamic array; ES|QL gives a single value when there is one") }
            return cond == nil ? "make_set(\(arg)\(c.limit.map { ", \($0)" } ?? ""))" : "make_set_if(\(arg), \(cond!)\(c.limit.map { ", \($0)" } ?? ""))"
        case .last, .first:
            throw refuse(c.function == .last ? "selectLast()" : "first()", "summarize has no aggregate that returns one column of the latest event")
        }
    }

    override func sort(_ input: Pipeline, _ keys: [SortKey], limit: Int?) throws(TranslationError) -> Pipeline {
        let parts = try keys.mapTranslating { (k) throws(TranslationError) -> String in
            var e = try expression(k.expression)
            switch k.comparison {
            case .number where !isNumericExpression(k.expression): e = "todouble(\(e))"
            case .string: e = "tostring(\(e))"
            case .hex: throw refuse("sort(type=hex)", "KQL has no hexadecimal ordering")
            default: break
            }
            let nullsFirst = k.nullsFirst ?? (semantics == .esql ? k.order == .descending : false)
            return e + (k.order == .ascending ? " asc" : " desc") + (nullsFirst ? " nulls first" : " nulls last")
        }
        if let limit { return input.appending("top \(limit) by " + parts.joined(separator: ", ")) }
        return input.appending("sort by " + parts.joined(separator: ", "))
    }

    override func limit(_ input: Pipeline, _ count: Int, from end: LimitEnd) throws(TranslationError) -> Pipeline {
        if end == .tail {
            note("tail(\(count)): the \(count) latest events by time")
            return input.appending("top \(count) by \(try fieldText("@timestamp")) desc")
        }
        return input.appending("take \(count)")
    }

    override func union(_ branches: [LogicalPlan]) throws(TranslationError) -> Pipeline {
        var names: [String] = []
        var columns: [Pipeline.Column] = []
        for b in branches {
            let p = try render(b)
            let name = "branch\(names.count + 1)"
            names.append(name)
            lets.append("let \(name) = " + p.stages.joined(separator: "\n    | ") + ";")
            for c in p.columns where !columns.contains(where: { $0.name == c.name }) { columns.append(c) }
        }
        var out = Pipeline()
        out.stages = ["union " + names.joined(separator: ", ")]
        out.columns = columns
        out.passthrough = false
        return out
    }

    override func dissect(_ input: Pipeline, field: Expression, pattern: DissectPattern) throws(TranslationError) -> Pipeline {
        guard let (regex, groups) = PatternText.dissectRegex(pattern) else {
            throw refuse("DISSECT \(JSONWriter.quote(pattern.source))", "appended keys (%{+key}) and adjacent keys have no regex form")
        }
        let subject = try expression(field)
        note("DISSECT: extract() gives an empty string where ES|QL gives null when the pattern does not match")
        return extraction(input, subject: subject, regex: "(?s)" + regex, groups: groups.enumerated().map { ($1, $0 + 1) })
    }

    override func extract(_ input: Pipeline, field: Expression, pattern: ExtractPattern) throws(TranslationError) -> Pipeline {
        let (plain, numbers) = PatternText.numberedGroups(pattern.regex)
        var r = pattern.anchored ? "^(?:\(plain))$" : plain
        if pattern.caseInsensitive { r = "(?i)" + r }
        if let problem = PatternText.re2Problem(r) { throw refuse("regex /\(pattern.regex)/", problem) }
        let subject = try expression(field)
        var p = input
        if pattern.dropUnmatched { p = p.appending("where \(subject) matches regex \(regexLiteral(r))") }
        return extraction(p, subject: subject, regex: r, groups: pattern.groupNames.compactMap { n in numbers[n].map { (n, $0) } })
    }

    func extraction(_ input: Pipeline, subject: String, regex: String, groups: [(String, Int)]) -> Pipeline {
        var out = input
        let parts = groups.map { "\(identifier($0.0)) = extract(\(regexLiteral(regex)), \($0.1), \(subject))" }
        for (n, _) in groups { out.set(.init(name: n, text: identifier(n), type: .string)) }
        return out.appending("extend " + parts.joined(separator: ", "))
    }

    override func project(_ input: Pipeline, _ projection: Projection) throws(TranslationError) -> Pipeline {
        var out = input
        switch projection {
        case .keep(let names):
            out.columns = try keptColumns(input, names)
            out.passthrough = false
            let texts = try names.mapTranslating { (n) throws(TranslationError) in n.contains("*") ? n : try fieldText(n) }
            return out.appending((names.contains { $0.contains("*") } ? "project-keep " : "project ") + texts.joined(separator: ", "))
        case .drop(let names):
            out.columns.removeAll { c in names.contains { matches($0, c.name) } }
            let texts = try names.mapTranslating { (n) throws(TranslationError) in n.contains("*") ? n : try fieldText(n) }
            return out.appending("project-away " + texts.joined(separator: ", "))
        case .rename(let pairs):
            var parts: [String] = []
            for pair in pairs {
                parts.append("\(identifier(pair.to)) = \(try fieldText(pair.from))")
                if let i = out.columns.firstIndex(where: { $0.name == pair.from }) {
                    out.columns[i].name = pair.to
                    out.columns[i].text = identifier(pair.to)
                } else {
                    out.set(.init(name: pair.to, text: identifier(pair.to), type: nil))
                }
            }
            return out.appending("project-rename " + parts.joined(separator: ", "))
        }
    }

    override func mvExpand(_ input: Pipeline, field: String) throws(TranslationError) -> Pipeline {
        input.appending("mv-expand \(try fieldText(field))")
    }

    // MARK: - Conditions

    /// True when a field is text, which KQL stores as the empty string when missing.
    func isText(_ e: Expression) -> Bool {
        switch e {
        case .field(let n): let t = fieldType(n); return t == nil || t == .string
        case .literal(.string): return true
        default: return false
        }
    }

    override func binary(_ op: BinaryOperator, _ a: Expression, _ b: Expression) throws(TranslationError) -> (String, Precedence) {
        if op.isComparison {
            var left = try render(a, .additive)
            let right = try render(b, .additive)
            if semantics == .cql, case .field = a, isNumeric(b), !isNumericExpression(a) { left = "todouble(\(left))" }
            if let ms = dateText(b, against: a) { return ("\(left) \(binaryToken(op)) \(ms)", .comparison) }
            if op == .notEqual, semantics == .esql, isText(a), case .field = a {
                // ES|QL's `!=` is not true of a missing value; KQL's is.
                return ("isnotempty(\(left)) and \(left) != \(right)", .and)
            }
            return ("\(left) \(binaryToken(op)) \(right)", .comparison)
        }
        return try super.binary(op, a, b)
    }

    func isNumeric(_ e: Expression) -> Bool {
        switch e {
        case .literal(.int), .literal(.double): return true
        case .unary(.negate, let x): return isNumeric(x)
        default: return false
        }
    }

    /// A string literal compared with a date, as a datetime literal.
    func dateText(_ e: Expression, against other: Expression) -> String? {
        guard case .literal(.string(let s)) = e, case .field(let n) = other, fieldType(n) == .datetime, let ms = Timestamp.parse(s) else { return nil }
        return dateLiteral(ms)
    }

    override var andWord: String { "and" }
    override var orWord: String { "or" }

    override func renderWithPrecedence(_ e: Expression) throws(TranslationError) -> (String, Precedence) {
        if case .unary(.not, let x) = e { return ("not(\(try render(x, .or)))", .atom) }
        return try super.renderWithPrecedence(e)
    }

    override func fieldMatch(_ f: String, _ p: StringPattern, negated: Bool) throws(TranslationError) -> (String, Precedence) {
        let subject = try fieldText(f)
        if case .any = p.kind { return ("\(negated ? "isempty" : "isnotempty")(\(subject))", .atom) }
        let test = try fieldTest(subject, p)
        // A missing string is empty in KQL, so the test is already false for it.
        return negated ? ("not(\(test))", .atom) : (test, .comparison)
    }

    override func fieldTest(_ subject: String, _ p: StringPattern) throws(TranslationError) -> String {
        let cs = p.caseInsensitive ? "" : "_cs"
        switch p.kind {
        case .any: return "isnotempty(\(subject))"
        case .exact(let v):
            if p.anchored { return "\(subject) \(p.caseInsensitive ? "=~" : "==") \(stringLiteral(v))" }
            return "\(subject) contains\(cs) \(stringLiteral(v))"
        case .glob(let g, let q):
            var pieces = PatternText.globPieces(g, questionMark: q)
            if !p.anchored { pieces = [.any] + pieces + [.any] }
            if let (leading, text, trailing) = PatternText.simpleShape(pieces), !text.isEmpty {
                switch (leading, trailing) {
                case (false, false): return "\(subject) \(p.caseInsensitive ? "=~" : "==") \(stringLiteral(text))"
                case (true, true): return "\(subject) contains\(cs) \(stringLiteral(text))"
                case (false, true): return "\(subject) startswith\(cs) \(stringLiteral(text))"
                case (true, false): return "\(subject) endswith\(cs) \(stringLiteral(text))"
                }
            }
            let r = (p.caseInsensitive ? "(?i)" : "") + "^" + PatternText.regex(pieces) + "$"
            return "\(subject) matches regex \(regexLiteral(r))"
        case .regex(let r):
            var re = p.anchored ? "^(?:\(r))$" : r
            if p.caseInsensitive { re = "(?i)" + re }
            if let problem = PatternText.re2Problem(re) { throw refuse("regex /\(r)/", problem) }
            return "\(subject) matches regex \(regexLiteral(re))"
        }
    }

    override func patternMatch(_ x: Expression, _ p: StringPattern, negated: Bool) throws(TranslationError) -> (String, Precedence) {
        let subject = try render(x, .comparison)
        let test = try fieldTest(subject, p)
        // ES|QL: a missing value neither matches nor fails to match.
        return negated ? ("isnotempty(\(subject)) and not(\(test))", .and) : (test, .comparison)
    }

    override func inList(_ x: Expression, _ list: [Expression], negated: Bool) throws(TranslationError) -> String {
        let subject = try render(x, .comparison)
        let items = try list.mapTranslating(expression).joined(separator: ", ")
        if negated {
            return isText(x) && semantics == .esql ? "isnotempty(\(subject)) and \(subject) !in (\(items))" : "\(subject) !in (\(items))"
        }
        return "\(subject) in (\(items))"
    }

    override func isNull(_ x: Expression, negated: Bool) throws(TranslationError) -> String {
        "\(negated ? "isnotempty" : "isempty")(\(try expression(x)))"
    }

    // MARK: - Values

    override func identifier(_ name: String) -> String {
        isPlainIdentifier(name) ? name : "['" + name.replacingOccurrences(of: "'", with: "\\'") + "']"
    }

    /// A regex as a verbatim string: `@"..."`, with quotes doubled.
    func regexLiteral(_ r: String) -> String { "@\"" + r.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    override func literal(_ v: Value) throws(TranslationError) -> String {
        switch v {
        case .null: return "dynamic(null)"
        case .array: throw refuse("a list literal", "KQL lists are dynamic values")
        default: return try super.literal(v)
        }
    }

    override func dateLiteral(_ ms: Int64) -> String { "datetime(\(Timestamp.iso8601(millis: ms)))" }

    override func timeSpan(_ t: TimeSpan) throws(TranslationError) -> String {
        switch t.unit {
        case .millisecond: return "\(t.amount)ms"
        case .second: return "\(t.amount)s"
        case .minute: return "\(t.amount)m"
        case .hour: return "\(t.amount)h"
        case .day: return "\(t.amount)d"
        case .week: return "\(t.amount * 7)d"
        case .month, .quarter, .year: throw refuse("the span \(t)", "KQL timespans have no calendar months or years")
        }
    }

    override var functionNames: [String: String] {
        [
            "lower": "tolower", "upper": "toupper", "length": "strlen", "coalesce": "coalesce", "now": "now", "trim": "trim",
            "to_string": "tostring", "to_long": "tolong", "to_double": "todouble", "to_boolean": "tobool", "to_datetime": "todatetime",
            "abs": "abs", "round": "round", "substring": "substring",
        ]
    }

    override func call(_ name: String, _ args: [Expression]) throws(TranslationError) -> String {
        let texts = try args.mapTranslating(expression)
        switch name {
        case "concat":
            if semantics == .esql { note("strcat() treats a missing value as empty; ES|QL's CONCAT gives null") }
            return "strcat(" + texts.joined(separator: ", ") + ")"
        case "date_trunc":
            guard args.count == 2, case .timeSpan(let span) = args[0] else { throw refuse("date_trunc()", "the span must be a constant") }
            switch span.unit {
            case .month where span.amount == 1: return "startofmonth(\(texts[1]))"
            case .year where span.amount == 1: return "startofyear(\(texts[1]))"
            case .week where span.amount == 1: return "startofweek(\(texts[1]), 1)"
            case .month, .quarter, .year, .week: throw refuse("DATE_TRUNC(\(span), ...)", "bin() has no calendar spans")
            default: return "bin(\(texts[1]), \(try timeSpan(span)))"
            }
        case "starts_with": return "(\(texts[0]) startswith_cs \(texts[1]))"
        case "ends_with": return "(\(texts[0]) endswith_cs \(texts[1]))"
        case "floor": return "floor(\(texts[0]), 1)"
        case "ceil": return "-floor(-(\(texts[0])), 1)"
        case "replace": return "replace_regex(\(texts.joined(separator: ", ")))"
        case "substring":
            // ES|QL counts from 1, KQL from 0.
            return "substring(\(texts[0]), \(texts[1]) - 1\(texts.count > 2 ? ", " + texts[2] : ""))"
        default: return try super.call(name, args)
        }
    }

    override func caseWhen(_ clauses: [WhenClause], _ otherwise: Expression?) throws(TranslationError) -> String {
        var clauses = clauses, otherwise = otherwise
        while case .caseWhen(let inner, let rest)? = otherwise {
            clauses += inner
            otherwise = rest
        }
        var parts: [String] = []
        for c in clauses {
            parts.append(try condition(c.condition))
            parts.append(try expression(c.value))
        }
        parts.append(try otherwise.map { (o) throws(TranslationError) in try expression(o) } ?? "\"\"")
        if clauses.count == 1 { return "iff(" + parts.joined(separator: ", ") + ")" }
        return "case(" + parts.joined(separator: ", ") + ")"
    }

    override func cast(_ x: Expression, _ type: ValueType) throws(TranslationError) -> String {
        let fn: String
        switch type {
        case .string, .ip: fn = "tostring"
        case .long, .integer: fn = "tolong"
        case .double: fn = "todouble"
        case .boolean: fn = "tobool"
        case .datetime: fn = "todatetime"
        }
        return "\(fn)(\(try expression(x)))"
    }
}
