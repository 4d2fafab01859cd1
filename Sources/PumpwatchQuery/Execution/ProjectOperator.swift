import PumpwatchCore

/// Runs `LogicalPlan.project`: keep (with wildcards, in pattern order), drop and rename columns.
final class ProjectOperator: RowOperator {
    let projection: Projection
    let next: RowOperator
    private let matchers: [(pattern: String, glob: GlobMatcher?)]

    init(projection: Projection, next: RowOperator) {
        self.projection = projection
        self.next = next
        switch projection {
        case .keep(let p), .drop(let p):
            matchers = p.map { ($0, $0.contains("*") ? GlobMatcher($0, questionMark: false, caseInsensitive: false) : nil) }
        case .rename:
            matchers = []
        }
    }

    func push(_ row: Row) {
        switch projection {
        case .keep:
            let names = row.orderedNames
            var chosen: [String] = []
            var seen = Set<String>()
            // An explicit name beats a wildcard; otherwise the first mention places the column.
            let explicit = Set(matchers.filter { $0.glob == nil }.map(\.pattern))
            for (pattern, glob) in matchers {
                if let glob {
                    for n in names where glob.matches(n) && !explicit.contains(n) && seen.insert(n).inserted { chosen.append(n) }
                } else if seen.insert(pattern).inserted {
                    chosen.append(pattern)
                }
            }
            var values: [String: Value] = [:]
            for n in chosen { values[n] = row.values[n] ?? .null }
            next.push(Row(values: values, columns: chosen, origin: row.origin))
        case .drop:
            var r = row
            for n in row.orderedNames where matchers.contains(where: { $0.glob?.matches(n) ?? ($0.pattern == n) }) { r.remove(n) }
            next.push(r)
        case .rename(let pairs):
            var r = row
            for p in pairs {
                guard let v = r.values[p.from] else { continue }
                if p.from == p.to { continue }
                r.remove(p.to)
                if let i = r.columns.firstIndex(of: p.from) {
                    r.columns[i] = p.to
                    r.values.removeValue(forKey: p.from)
                    r.values[p.to] = v
                } else {
                    r.values.removeValue(forKey: p.from)
                    r.values[p.to] = v
                }
            }
            next.push(r)
        }
    }

    func finish() { next.finish() }
    func advanceWatermark(to millis: Int64) { next.advanceWatermark(to: millis) }
}
