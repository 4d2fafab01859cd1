import PumpwatchCore
@testable import PumpwatchQuery

/// Runs a plan over rows built from dictionaries and returns the result rows.
func runPlan(_ plan: LogicalPlan, _ rows: [[String: Value]], dialect: Dialect = .esql, now: Int64 = 1_800_000_000_000) -> [Row] {
    let ex = QueryExecutor(plan: plan, context: ExecutionContext(dialect: dialect, nowMillis: now))
    for r in rows { ex.push(row: Row(values: r)) }
    return ex.finish()
}

/// The rows as `name=value` lines in print order, for compact assertions.
func lines(_ rows: [Row]) -> [String] {
    rows.map { r in r.orderedPairs.map { "\($0.0)=\(ResultFormatter.text($0.1))" }.joined(separator: " ") }
}

let esqlSource = LogicalPlan.source(SourceSelection(indexPatterns: ["logs-*"], dialect: .esql))
let cqlSource = LogicalPlan.source(SourceSelection(dialect: .cql))

/// Calls `body` with the texts a fast reader hands over for `values`: each non-empty plain ASCII
/// `.string` as its UTF-8 bytes, every other value as a buffer with no base address.
func withReaderTexts<R>(_ values: [Value?], _ body: (UnsafeBufferPointer<UnsafeRawBufferPointer>) -> R) -> R {
    let copies: [UnsafeMutableRawBufferPointer?] = values.map { v in
        guard case .string(let t)? = v, !t.isEmpty, t.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        let b = UnsafeMutableRawBufferPointer.allocate(byteCount: t.utf8.count, alignment: 1)
        b.copyBytes(from: Array(t.utf8))
        return b
    }
    defer { for c in copies { c?.deallocate() } }
    let texts = copies.map { $0.map { UnsafeRawBufferPointer($0) } ?? UnsafeRawBufferPointer(start: nil, count: 0) }
    return texts.withUnsafeBufferPointer(body)
}
