import Foundation
import PumpwatchCore

/// Runs `LogicalPlan.extract`: named groups of a regular expression become columns.
///
/// Group names may hold dots (`client.ip`), which regex engines reject, so the k-th named group
/// is renamed `gk` before compiling and mapped back to `groupNames[k]`.
final class ExtractOperator: RowOperator {
    let field: Expression
    let pattern: ExtractPattern
    let evaluator: ExpressionEvaluator
    let next: RowOperator
    let regex: NSRegularExpression?

    init(field: Expression, pattern: ExtractPattern, evaluator: ExpressionEvaluator, diagnostics: QueryDiagnostics, next: RowOperator) {
        self.field = field
        self.pattern = pattern
        self.evaluator = evaluator
        self.next = next
        var options: NSRegularExpression.Options = []
        if pattern.caseInsensitive { options.insert(.caseInsensitive) }
        let source = ExtractOperator.renameGroups(pattern.regex)
        regex = try? NSRegularExpression(pattern: pattern.anchored ? "^(?:\(source))$" : source, options: options)
        if regex == nil { diagnostics.warn("invalid regular expression: \(pattern.source)") }
    }

    /// Renames `(?<name>` groups to `(?<g0>`, `(?<g1>`, ... leaving look-behinds alone.
    static func renameGroups(_ regex: String) -> String {
        var out = ""
        var chars = Array(regex)[...]
        var k = 0
        var escaped = false
        while let c = chars.popFirst() {
            if escaped { out.append(c); escaped = false; continue }
            if c == "\\" { out.append(c); escaped = true; continue }
            if c == "(", chars.starts(with: "?<"), chars.count > 2, chars[chars.startIndex + 2] != "=", chars[chars.startIndex + 2] != "!" {
                chars.removeFirst(2)
                while let n = chars.first, n != ">" { chars.removeFirst() }
                _ = chars.popFirst()
                out += "(?<g\(k)>"
                k += 1
                continue
            }
            out.append(c)
        }
        return out
    }

    func push(_ row: Row) {
        var r = row
        var matched = false
        if let regex, let text = evaluator.scalarText(evaluator.evaluate(field, row)) {
            let ns = text as NSString
            if let m = regex.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) {
                matched = true
                for (k, name) in pattern.groupNames.enumerated() {
                    let range = m.range(withName: "g\(k)")
                    if range.location != NSNotFound {
                        r.set(name, .string(ns.substring(with: range)), moveToEnd: evaluator.context.dialect == .esql)
                    } else if evaluator.context.dialect == .esql {
                        r.set(name, .null, moveToEnd: true)
                    }
                }
            }
        }
        if !matched {
            if pattern.dropUnmatched { return }
            for name in pattern.groupNames { r.set(name, .null, moveToEnd: true) }
        }
        next.push(r)
    }

    func finish() { next.finish() }
    func advanceWatermark(to millis: Int64) { next.advanceWatermark(to: millis) }
}
