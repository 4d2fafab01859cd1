import PumpwatchCore

/// Runs `LogicalPlan.extract`: named groups of a regular expression become columns.
///
/// The k-th named group of the pattern becomes column `groupNames[k]`; names may hold dots
/// (`client.ip`). The regex runs on `LinearTimeRegex`, so no pattern can make a query hang.
final class ExtractOperator: RowOperator {
    let field: Expression
    let pattern: ExtractPattern
    let evaluator: ExpressionEvaluator
    let next: RowOperator
    let regex: LinearTimeRegex?
    /// The group number of each named group, in order.
    let namedGroups: [Int]

    init(field: Expression, pattern: ExtractPattern, evaluator: ExpressionEvaluator, diagnostics: QueryDiagnostics, next: RowOperator) {
        self.field = field
        self.pattern = pattern
        self.evaluator = evaluator
        self.next = next
        do {
            let compiled = try LinearTimeRegex(pattern.regex, caseInsensitive: pattern.caseInsensitive, anchored: pattern.anchored)
            regex = compiled
            namedGroups = compiled.groupNames.indices.filter { compiled.groupNames[$0] != nil }
        } catch {
            regex = nil
            namedGroups = []
            diagnostics.warn("invalid regular expression: \(pattern.source): \(error)")
        }
    }

    func push(_ row: Row) {
        var r = row
        var matched = false
        if let regex, let text = evaluator.scalarText(evaluator.evaluate(field, row)) {
            if let m = regex.firstMatch(in: text) {
                matched = true
                for (k, name) in pattern.groupNames.enumerated() {
                    if k < namedGroups.count, let group = m.group(namedGroups[k]) {
                        r.set(name, .string(String(group)), moveToEnd: evaluator.context.dialect == .esql)
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
