import PumpwatchCore
import PumpwatchQuery

/// SPL for Splunk: `where` and `eval` expressions, `stats ... BY`, `rex` for DISSECT and regex
/// extraction, `sort`, `head`, and `append [ search ... ]` for a union.
///
/// `where` treats a comparison with a missing field as false, as ES|QL does; CQL's `!=`, which
/// matches a missing field, becomes `isnull(F) OR ...`. `stats ... BY` drops events that lack a
/// BY field, as LogScale's groupBy does; for ES|QL, which groups them under null, the keys are
/// filled before and emptied after.
final class SPLGenerator: Dialect {
    init(mapping: FieldMapping) {
        super.init(target: .spl, mapping: mapping)
    }

    override func document(_ pipeline: Pipeline) -> String {
        var lines = notes.map { "```" + $0.replacingOccurrences(of: "`", with: "'") + "```" }
        lines.append(pipeline.stages.joined(separator: "\n| "))
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Operators

    override func sourceText() -> String { source.from ?? "" }

    override func prelude(_ field: String, _ e: FieldEntry) throws(TranslationError) -> String {
        if let p = e.prelude { return p }
        return "eval \(fieldName(e.name ?? field))=\(e.expression ?? "null()")"
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
            parts.append("\(fieldName(a.name))=\(value)")
            out.set(.init(name: a.name, text: identifier(a.name), type: nil))
            scope = out
        }
        return out.appending("eval " + parts.joined(separator: ", "))
    }

    override func aggregate(_ input: Pipeline, _ a: Aggregation) throws(TranslationError) -> Pipeline {
        var out = input
        var keyNames: [String] = []
        var computed: [String] = []
        for k in a.keys {
            if case .field(let f) = k.expression {
                let text = try fieldText(f)
                if text == identifier(bare(text)) || text == bare(text) {
                    keyNames.append(bare(text))
                    continue
                }
            }
            computed.append("\(fieldName(k.name))=\(try expression(k.expression))")
            keyNames.append(fieldName(k.name))
        }
        if !computed.isEmpty { out.stages.append("eval " + computed.joined(separator: ", ")) }
        if !a.dropNullKeys, !keyNames.isEmpty {
            // ES|QL groups rows that lack a key under null; stats drops them unless they are filled.
            out.stages.append("fillnull value=\"\" " + keyNames.joined(separator: " "))
        }
        let aggs = try a.aggregates.mapTranslating { (c) throws(TranslationError) in "\(try aggregateCall(c)) AS \(fieldName(c.outputName))" }
        var text = "stats " + aggs.joined(separator: ", ")
        if !keyNames.isEmpty { text += " BY " + keyNames.joined(separator: " ") }
        out.stages.append(text)
        if !a.dropNullKeys, !keyNames.isEmpty {
            out.stages.append("eval " + keyNames.map { "\($0)=nullif(\(identifier($0)), \"\")" }.joined(separator: ", "))
        }
        var joins: [String] = []
        for c in a.aggregates where c.function == .values && c.separator != nil {
            let name = identifier(c.outputName)
            var values = name
            if let l = c.limit { values = "mvindex(\(name), 0, \(l - 1))" }
            joins.append("\(fieldName(c.outputName))=mvjoin(\(values), \(separatorText(c.separator ?? "\n")))")
            if let l = c.limit { note("collect(limit=\(l)): past \(l) distinct values, which are kept differs (LogScale leaves it unspecified); here the first \(l) in sorted order") }
        }
        if !joins.isEmpty { out.stages.append("eval " + joins.joined(separator: ", ")) }
        let keyColumns = zip(a.keys, keyNames).map { Pipeline.Column(name: $0.name, text: identifier($1), type: nil) }
        let aggColumns = a.aggregates.map { Pipeline.Column(name: $0.outputName, text: identifier($0.outputName), type: aggregateType($0)) }
        out.columns = keyColumns + aggColumns
        out.passthrough = false
        return out
    }

    /// A separator as SPL writes it; a newline, which a string cannot hold, as `urldecode("%0A")`.
    func separatorText(_ s: String) -> String {
        s == "\n" ? "urldecode(\"%0A\")" : stringLiteral(s)
    }

    /// The field name inside single quotes, unquoted.
    func bare(_ text: String) -> String {
        text.hasPrefix("'") && text.hasSuffix("'") && text.count >= 2 ? String(text.dropFirst().dropLast()) : text
    }

    override func aggregateCall(_ c: AggregateCall) throws(TranslationError) -> String {
        var arg = try c.argument.map { (x) throws(TranslationError) in try expression(x) } ?? ""
        if let f = c.filter {
            let cond = try condition(f)
            arg = c.argument == nil ? "eval(if(\(cond), 1, null()))" : "eval(if(\(cond), \(arg), null()))"
        }
        switch c.function {
        case .count: return c.filter == nil ? "count" : "count(\(arg))"
        case .countValues: return "count(\(arg))"
        case .countDistinct: return "dc(\(arg))"
        case .sum, .avg, .min, .max:
            if semantics == .esql, [.min, .max].contains(c.function), c.argument.map(isNumericExpression) != true, c.argument != .field("@timestamp") {
                note("\(c.function.rawValue)() in SPL is numeric when the values are numbers, else lexicographic")
            }
            return "\(c.function.rawValue)(\(arg))"
        case .values:
            if c.separator == nil, c.limit != nil { throw refuse("values(limit=)", "values() keeps every value") }
            return "values(\(arg))"
        case .last: return "latest(\(arg))"
        case .first: throw refuse("first()", "it depends on the order the events are read in")
        }
    }

    override func sort(_ input: Pipeline, _ keys: [SortKey], limit: Int?) throws(TranslationError) -> Pipeline {
        let parts = try keys.mapTranslating { (k) throws(TranslationError) -> String in
            guard case .field(let f) = k.expression else { throw refuse("sort by \(PlanPrinter.text(k.expression))", "sort takes fields") }
            var name = bare(try fieldText(f))
            switch k.comparison {
            case .number: name = "num(\(name))"
            case .string: name = "str(\(name))"
            case .hex: throw refuse("sort(type=hex)", "SPL has no hexadecimal ordering")
            case .natural: break
            }
            return (k.order == .ascending ? "+" : "-") + name
        }
        if semantics == .esql, keys.contains(where: { ($0.nullsFirst != nil || $0.order == .descending) && !isNumericExpression($0.expression) }) {
            note("SPL's sort places missing values by its own rule, not ES|QL's nulls-first for descending order")
        }
        return input.appending("sort \(limit ?? 0) " + parts.joined(separator: ", "))
    }

    override func limit(_ input: Pipeline, _ count: Int, from end: LimitEnd) throws(TranslationError) -> Pipeline {
        if end == .tail {
            note("tail(\(count)): Splunk returns events newest first, so head \(count) gives the latest \(count)")
        }
        return input.appending("head \(count)")
    }

    override func union(_ branches: [LogicalPlan]) throws(TranslationError) -> Pipeline {
        var out = Pipeline()
        var columns: [Pipeline.Column] = []
        for (i, b) in branches.enumerated() {
            let p = try render(b)
            for c in p.columns where !columns.contains(where: { $0.name == c.name }) { columns.append(c) }
            if i == 0 {
                out.stages = p.stages
            } else {
                out.stages.append("append [\n    search " + p.stages.joined(separator: "\n    | ") + "\n  ]")
            }
        }
        note("append runs each later branch as a subsearch, within Splunk's subsearch limits (time and rows)")
        out.columns = columns
        out.passthrough = false
        return out
    }

    override func dissect(_ input: Pipeline, field: Expression, pattern: DissectPattern) throws(TranslationError) -> Pipeline {
        guard let (regex, groups) = PatternText.dissectRegex(pattern) else {
            throw refuse("DISSECT \(JSONWriter.quote(pattern.source))", "appended keys (%{+key}) and adjacent keys have no regex form")
        }
        var named = ""
        var i = 0
        var chars = Array(regex)[...]
        while let c = chars.popFirst() {
            if c == "\\", let n = chars.popFirst() {
                named.append(c)
                named.append(n)
                continue
            }
            if c == "(", chars.first != "?" {
                named += "(?<\(try groupName(groups[i]))>"
                i += 1
                continue
            }
            named.append(c)
        }
        return try rex(input, field: field, regex: "(?s)" + named, groups: groups)
    }

    override func extract(_ input: Pipeline, field: Expression, pattern: ExtractPattern) throws(TranslationError) -> Pipeline {
        for g in pattern.groupNames { _ = try groupName(g) }
        var r = pattern.anchored ? "^(?:\(pattern.regex))$" : pattern.regex
        if pattern.caseInsensitive { r = "(?i)" + r }
        var out = try rex(input, field: field, regex: r, groups: pattern.groupNames)
        if pattern.dropUnmatched, let first = pattern.groupNames.first { out = out.appending("where isnotnull(\(identifier(first)))") }
        return out
    }

    /// A capture-group name as PCRE allows it.
    func groupName(_ name: String) throws(TranslationError) -> String {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !(name.first?.isNumber ?? true) else {
            throw refuse("the extracted field \(name)", "rex names fields after PCRE groups, which allow letters, digits and _")
        }
        return name
    }

    func rex(_ input: Pipeline, field: Expression, regex: String, groups: [String]) throws(TranslationError) -> Pipeline {
        guard case .field(let f) = field else { throw refuse("an extraction from an expression", "rex reads a field") }
        var out = input
        for g in groups { out.set(.init(name: g, text: identifier(g), type: .string)) }
        return out.appending("rex field=\(fieldName(bare(try fieldText(f)))) \(regexString(regex))")
    }

    override func project(_ input: Pipeline, _ projection: Projection) throws(TranslationError) -> Pipeline {
        var out = input
        switch projection {
        case .keep(let names):
            out.columns = try keptColumns(input, names)
            out.passthrough = false
            let texts = try names.mapTranslating { (n) throws(TranslationError) in n.contains("*") ? n : bare(try fieldText(n)) }
            return out.appending("table " + texts.map(fieldName).joined(separator: ", "))
        case .drop(let names):
            out.columns.removeAll { c in names.contains { matches($0, c.name) } }
            let texts = try names.mapTranslating { (n) throws(TranslationError) in n.contains("*") ? n : bare(try fieldText(n)) }
            return out.appending("fields - " + texts.map(fieldName).joined(separator: ", "))
        case .rename(let pairs):
            var parts: [String] = []
            for pair in pairs {
                parts.append("\(fieldName(bare(try fieldText(pair.from)))) AS \(fieldName(pair.to))")
                if let i = out.columns.firstIndex(where: { $0.name == pair.from }) {
                    out.columns[i].name = pair.to
                    out.columns[i].text = identifier(pair.to)
                } else {
                    out.set(.init(name: pair.to, text: identifier(pair.to), type: nil))
                }
            }
            return out.appending("rename " + parts.joined(separator: ", "))
        }
    }

    override func mvExpand(_ input: Pipeline, field: String) throws(TranslationError) -> Pipeline {
        input.appending("mvexpand \(fieldName(bare(try fieldText(field))))")
    }

    // MARK: - Conditions

    override func fieldTest(_ subject: String, _ p: StringPattern) throws(TranslationError) -> String {
        let s = p.caseInsensitive ? "lower(\(subject))" : subject
        func text(_ t: String) -> String { p.caseInsensitive ? t.lowercased() : t }
        switch p.kind {
        case .any: return "isnotnull(\(subject))"
        case .exact(let v):
            if p.anchored { return "\(s) == \(stringLiteral(text(v)))" }
            return likeOrMatch(s, [.any] + text(v).map { .literal($0) } + [.any])
        case .glob(let g, let q):
            var pieces = PatternText.globPieces(text(g), questionMark: q)
            if !p.anchored { pieces = [.any] + pieces + [.any] }
            return likeOrMatch(s, pieces)
        case .regex(let r):
            var re = p.anchored ? "^(?:\(r))$" : r
            if p.caseInsensitive { re = "(?i)" + re }
            return "match(\(subject), \(regexString(re)))"
        }
    }

    /// `like()` when the text has no `%` or `_` of its own (SPL's like() has no escape), else `match()`.
    func likeOrMatch(_ subject: String, _ pieces: [PatternText.GlobPiece]) -> String {
        let literals = pieces.compactMap { p -> Character? in if case .literal(let c) = p { return c }; return nil }
        if !literals.contains("%") && !literals.contains("_") {
            let pattern = pieces.map { p -> String in
                switch p {
                case .any: return "%"
                case .one: return "_"
                case .literal(let c): return String(c)
                }
            }.joined()
            return "like(\(subject), \(stringLiteral(pattern)))"
        }
        return "match(\(subject), \(regexString("^" + PatternText.regex(pieces) + "$")))"
    }

    override func fieldMatch(_ f: String, _ p: StringPattern, negated: Bool) throws(TranslationError) -> (String, Precedence) {
        let subject = try fieldText(f)
        if case .any = p.kind { return ("\(negated ? "isnull" : "isnotnull")(\(subject))", .atom) }
        let test = try fieldTest(subject, p)
        if negated { return ("(isnull(\(subject)) OR NOT (\(test)))", .atom) }
        return ("if(isnull(\(subject)), false(), \(test))", .atom)
    }

    override func patternMatch(_ x: Expression, _ p: StringPattern, negated: Bool) throws(TranslationError) -> (String, Precedence) {
        let subject = try render(x, .comparison)
        let test = try fieldTest(subject, p)
        return negated ? ("NOT (\(test))", .not) : (test, .comparison)
    }

    override func inList(_ x: Expression, _ list: [Expression], negated: Bool) throws(TranslationError) -> String {
        let subject = try expression(x)
        let call = "in(\(subject), \((try list.mapTranslating(expression)).joined(separator: ", ")))"
        // in() is false for a missing value, so NOT in() would be true; ES|QL's NOT IN is not.
        return negated ? "isnotnull(\(subject)) AND NOT \(call)" : call
    }

    override func isNull(_ x: Expression, negated: Bool) throws(TranslationError) -> String {
        "\(negated ? "isnotnull" : "isnull")(\(try expression(x)))"
    }

    override func binary(_ op: BinaryOperator, _ a: Expression, _ b: Expression) throws(TranslationError) -> (String, Precedence) {
        if op.isComparison, semantics == .cql, case .field = a, isNumeric(b), !isNumericExpression(a) {
            return ("tonumber(\(try render(a, .atom))) \(binaryToken(op)) \(try render(b, .additive))", .comparison)
        }
        if op == .divide, semantics == .esql {
            note("SPL divides exactly; ES|QL truncates the division of integers")
            return ("floor(\(try render(a, .multiplicative)) / \(try render(b, .unary)))", .atom)
        }
        if op == .add, case .literal(.string) = a { return ("\(try render(a, .additive)).\(try render(b, .additive))", .additive) }
        return try super.binary(op, a, b)
    }

    func isNumeric(_ e: Expression) -> Bool {
        switch e {
        case .literal(.int), .literal(.double): return true
        case .unary(.negate, let x): return isNumeric(x)
        default: return false
        }
    }

    // MARK: - Values

    /// A field inside an expression: single-quoted unless a plain word.
    override func identifier(_ name: String) -> String {
        name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) && !(name.first?.isNumber ?? true) ? name : "'\(name)'"
    }

    /// A field as a command argument: plain, or double-quoted when it has spaces.
    func fieldName(_ name: String) -> String {
        name.contains(" ") ? "\"\(name)\"" : name
    }

    override func stringLiteral(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// A regex as a string: quotes escaped, the regex's own backslashes kept.
    func regexString(_ r: String) -> String { "\"" + r.replacingOccurrences(of: "\"", with: "\\\"") + "\"" }

    override func literal(_ v: Value) throws(TranslationError) -> String {
        switch v {
        case .null: return "null()"
        case .bool(let b): return b ? "true()" : "false()"
        case .date(let ms): return String(Double(ms) / 1000)
        case .array: throw refuse("a list literal", "SPL has no list literals")
        default: return try super.literal(v)
        }
    }

    override func timeSpan(_ t: TimeSpan) throws(TranslationError) -> String {
        switch t.unit {
        case .month, .quarter, .year: throw refuse("the span \(t)", "SPL time arithmetic is in seconds; calendar months have no fixed length")
        default:
            let ms = t.milliseconds
            return ms % 1000 == 0 ? String(ms / 1000) : String(Double(ms) / 1000)
        }
    }

    override var functionNames: [String: String] {
        [
            "lower": "lower", "upper": "upper", "length": "len", "coalesce": "coalesce", "now": "now", "trim": "trim",
            "to_string": "tostring", "to_long": "tonumber", "to_double": "tonumber", "abs": "abs", "round": "round",
            "floor": "floor", "ceil": "ceiling", "cidr_match": "cidrmatch", "mv_count": "mvcount", "mv_dedupe": "mvdedup",
        ]
    }

    override func call(_ name: String, _ args: [Expression]) throws(TranslationError) -> String {
        let texts = try args.mapTranslating(expression)
        switch name {
        case "concat":
            if semantics == .cql { return texts.map { "coalesce(\($0), \"\")" }.joined(separator: ".") }
            return texts.joined(separator: ".")
        case "date_trunc":
            guard args.count == 2, case .timeSpan(let span) = args[0], span.milliseconds % 1000 == 0,
                ![.month, .quarter, .year, .week].contains(span.unit)
            else { throw refuse("DATE_TRUNC with this span", "SPL buckets time in whole seconds without calendar units") }
            let s = span.milliseconds / 1000
            return "floor(\(texts[1]) / \(s)) * \(s)"
        case "cidr_match":
            guard texts.count == 2 else { throw refuse("CIDR_MATCH with several blocks", "cidrmatch() takes one block") }
            return "cidrmatch(\(texts[1]), \(texts[0]))"
        case "replace": return "replace(\(texts.joined(separator: ", ")))"
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
        if let o = otherwise {
            if clauses.count == 1 { return "if(\(parts[0]), \(parts[1]), \(try expression(o)))" }
            parts.append("true()")
            parts.append(try expression(o))
        }
        return "case(" + parts.joined(separator: ", ") + ")"
    }

    override func cast(_ x: Expression, _ type: ValueType) throws(TranslationError) -> String {
        switch type {
        case .string, .ip: return "tostring(\(try expression(x)))"
        case .long, .integer, .double: return "tonumber(\(try expression(x)))"
        default: throw refuse("a cast to \(type.rawValue)", "SPL has no such conversion")
        }
    }
}
