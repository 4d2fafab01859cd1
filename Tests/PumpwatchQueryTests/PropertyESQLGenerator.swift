import PumpwatchCore
import PumpwatchQuery

/// Generates random, well-typed ES|QL queries and ECS-shaped events for differential tests.
///
/// Fields keep one type each, as an Elasticsearch mapping does; a field is absent or null in some
/// events. Queries chain `WHERE`, `EVAL`, `STATS ... BY`, `SORT`, `LIMIT`, `KEEP`, `DROP` and
/// `RENAME`, and only name columns that exist at their point in the pipeline.
struct PropertyESQLGenerator {
    enum ColumnType: Equatable {
        case keyword, long, double, date, boolean

        var isNumeric: Bool { self == .long || self == .double }
    }

    /// The first event time, 2027-01-15T08:00:00Z.
    static let baseMillis: Int64 = 1_800_000_000_000

    static let fields: [(String, ColumnType)] = [
        ("@timestamp", .date), ("host.name", .keyword), ("event.action", .keyword), ("source.bytes", .long),
        ("event.duration", .double), ("user.name", .keyword),
    ]
    static let keywords: [String: [String]] = [
        "host.name": ["web-1", "web-2", "db-1", "Web-1", "caf\u{E9}"],
        "event.action": ["Publish", "ConsoleLogin", "SignUp"],
        "user.name": ["alice", "bob", "Bob", "a*b", "caf\u{E9}", "cafe\u{301}"],
    ]
    static let doubles: [Double] = [0.5, 1.25, 2.0, 3.75, -1.5, 0.0]

    var dice: PropertyDice
    /// Known executor differences, which the generated queries and events steer clear of.
    let avoiding: Set<PropertyKnownDifference>
    private var columns: [(name: String, type: ColumnType)] = PropertyESQLGenerator.fields
    /// Columns that `EVAL` or `STATS` made (as opposed to fields read by `FROM`).
    private var computed: Set<String> = []
    private var nextName = 0

    init(seed: UInt64, avoiding: Set<PropertyKnownDifference> = PropertyKnownDifference.all) {
        dice = PropertyDice(seed: seed)
        self.avoiding = avoiding
    }

    /// One case: up to 30 events and a query of one to five commands after `FROM`.
    mutating func generate() -> PropertyCase {
        var events: [[String: Value]] = []
        for _ in 0..<dice.int(0...30) { events.append(event()) }
        var commands = ["FROM logs-*"]
        for _ in 0..<dice.int(1...5) { commands.append(command()) }
        return PropertyCase(dialect: .esql, query: commands.joined(separator: "\n| "), events: events, schema: Self.fields.map(\.0))
    }

    // MARK: - Events

    private mutating func event() -> [String: Value] {
        var e: [String: Value] = ["@timestamp": .date(Self.baseMillis + Int64(dice.int(0...29)) * 60_000)]
        func maybe(_ name: String, _ absent: Double, _ value: Value) {
            if dice.chance(absent) {
                if dice.chance(0.5) { e[name] = .null }
            } else {
                e[name] = value
            }
        }
        maybe("host.name", 0.2, .string(dice.pick(Self.keywords["host.name"]!)))
        maybe("event.action", 0.15, .string(dice.pick(Self.keywords["event.action"]!)))
        maybe("source.bytes", 0.2, .int(Int64(dice.int(-5...20))))
        maybe("event.duration", 0.2, .double(dice.pick(Self.doubles)))
        var users = Self.keywords["user.name"]!
        if avoiding.contains(.stringsCompareAsGraphemes) { users.removeAll { $0.unicodeScalars.count != $0.count } }
        maybe("user.name", 0.25, .string(dice.pick(users)))
        return e
    }

    // MARK: - Commands

    private mutating func command() -> String {
        switch dice.int(0...15) {
        case 0...3: return "WHERE " + condition(depth: 0)
        case 4...6: return eval()
        case 7...8: return stats()
        case 9...10: return sort()
        case 11...12: return "LIMIT \(dice.int(0...12))"
        case 13: return keep()
        case 14: return drop()
        default: return rename()
        }
    }

    private func columns(_ where: (ColumnType) -> Bool) -> [(name: String, type: ColumnType)] {
        columns.filter { `where`($0.type) }
    }

    private mutating func freshName() -> String {
        nextName += 1
        return dice.pick(["y", "score", "tag", "ratio"]) + String(nextName)
    }

    private mutating func eval() -> String {
        var parts: [String] = []
        for _ in 0..<dice.int(1...2) {
            let type = dice.pick([ColumnType.long, .long, .double, .keyword, .keyword, .boolean])
            let text = expression(type)
            let reuse = dice.chance(0.3) && !columns.isEmpty
            let name = reuse ? dice.pick(columns).name : freshName()
            columns.removeAll { $0.name == name }
            columns.append((name, type))
            computed.insert(name)
            parts.append("\(name) = \(text)")
        }
        return "EVAL " + parts.joined(separator: ", ")
    }

    private mutating func stats() -> String {
        var aggregates: [String] = []
        var outputs: [(name: String, type: ColumnType)] = []
        let keyCandidates = columns { $0 == .keyword || $0 == .long || $0 == .date }
        var keys = dice.sample(keyCandidates, dice.int(0...min(2, keyCandidates.count)))
        var byItems = keys.map(\.name)
        // A computed key: a time bucket, or a number rounded down.
        let dates = columns { $0 == .date }
        if dice.chance(0.3), let d = dates.isEmpty ? nil : dice.pick(dates) {
            let name = freshName()
            let span = dice.pick(["5 minutes", "10 minutes", "1 hour", "15 minute"])
            byItems.append(dice.chance(0.5) ? "\(name) = DATE_TRUNC(\(span), \(d.name))" : "\(name) = BUCKET(\(d.name), \(span))")
            keys.append((name, .date))
        }
        for _ in 0..<dice.int(1...3) {
            let name = freshName()
            let numeric = columns { $0.isNumeric }
            let ordered = columns { $0.isNumeric || $0 == .date }
            switch dice.int(0...7) {
            case 0:
                aggregates.append("\(name) = COUNT(*)")
                outputs.append((name, .long))
            case 1 where !columns.isEmpty:
                aggregates.append("\(name) = COUNT(\(dice.pick(columns).name))")
                outputs.append((name, .long))
            case 2 where !columns.isEmpty:
                let plain = columns { $0 != .boolean }
                let c = dice.pick(plain.isEmpty ? columns : plain)
                aggregates.append("\(name) = COUNT_DISTINCT(\(c.name))")
                outputs.append((name, .long))
            case 3 where !numeric.isEmpty:
                let c = dice.pick(numeric)
                aggregates.append("\(name) = SUM(\(c.name))")
                outputs.append((name, c.type))
            case 4 where !numeric.isEmpty:
                aggregates.append("\(name) = AVG(\(dice.pick(numeric).name))")
                outputs.append((name, .double))
            case 5 where !ordered.isEmpty, 6 where !ordered.isEmpty:
                let c = dice.pick(ordered)
                aggregates.append("\(name) = \(dice.pick(["MIN", "MAX"]))(\(c.name))")
                outputs.append((name, c.type))
            case 7 where !numeric.isEmpty:
                let c = dice.pick(numeric)
                aggregates.append("\(name) = SUM(\(c.name)) / COUNT(*)")
                outputs.append((name, c.type))
            default:
                aggregates.append("\(name) = COUNT(*)")
                outputs.append((name, .long))
            }
        }
        // Filtered aggregates: `agg WHERE condition` counts only the rows the condition holds for.
        for i in aggregates.indices where dice.chance(0.15) && !aggregates[i].contains(" / ") {
            aggregates[i] += " WHERE " + condition(depth: 1)
        }
        columns = outputs + keys
        computed = Set(columns.map(\.name))
        return "STATS " + aggregates.joined(separator: ", ") + (byItems.isEmpty ? "" : " BY " + byItems.joined(separator: ", "))
    }

    private mutating func sort() -> String {
        let sortable = columns { $0 != .boolean }
        guard !sortable.isEmpty else { return "LIMIT 5" }
        let keys = dice.sample(sortable, dice.int(1...min(2, sortable.count)))
        let items = keys.map { k -> String in
            var item = k.name
            if dice.chance(0.6) { item += dice.pick([" ASC", " DESC"]) }
            if dice.chance(0.3) { item += dice.pick([" NULLS FIRST", " NULLS LAST"]) }
            return item
        }
        return "SORT " + items.joined(separator: ", ")
    }

    private mutating func keep() -> String {
        guard !columns.isEmpty else { return "LIMIT 3" }
        let chosen = dice.sample(columns, dice.int(1...min(3, columns.count)))
        columns = chosen
        return "KEEP " + chosen.map(\.name).joined(separator: ", ")
    }

    private mutating func drop() -> String {
        guard columns.count >= 2 else { return "LIMIT 7" }
        let c = dice.pick(columns)
        columns.removeAll { $0.name == c.name }
        return "DROP " + c.name
    }

    private mutating func rename() -> String {
        let candidates = avoiding.contains(.renameOfASourceColumn) ? columns.filter { computed.contains($0.name) } : columns
        guard !candidates.isEmpty else { return "LIMIT 4" }
        let c = dice.pick(candidates)
        let others = columns.filter { $0.name != c.name }
        let target = !others.isEmpty && dice.chance(0.3) ? dice.pick(others).name : freshName()
        columns.removeAll { $0.name == target }
        if let i = columns.firstIndex(where: { $0.name == c.name }) { columns[i].name = target }
        computed.remove(c.name)
        computed.insert(target)
        return "RENAME \(c.name) AS \(target)"
    }

    // MARK: - Expressions

    private mutating func literal(_ type: ColumnType, for column: String? = nil) -> String {
        switch type {
        case .keyword:
            var pool = column.flatMap { Self.keywords[$0] } ?? Self.keywords.values.flatMap { $0 }
            if avoiding.contains(.stringsCompareAsGraphemes) { pool.removeAll { $0.unicodeScalars.count != $0.count } }
            return JSONWriter.quote(dice.chance(0.9) ? dice.pick(pool) : dice.pick(["zzz", "", "WEB-1", "caf\u{E9}"]))
        case .long: return String(dice.int(-3...12))
        case .double: return Value.format(double: dice.pick([0.5, 1.25, 2.0, -1.5, 3.0]))
        case .date: return JSONWriter.quote(Timestamp.iso8601(millis: Self.baseMillis + Int64(dice.int(0...30)) * 60_000))
        case .boolean: return dice.pick(["true", "false"])
        }
    }

    /// A boolean condition over the current columns.
    private mutating func condition(depth: Int) -> String {
        if depth < 2 && dice.chance(0.35) {
            switch dice.int(0...2) {
            case 0: return "NOT (\(condition(depth: depth + 1)))"
            case 1: return "(\(condition(depth: depth + 1))) AND (\(condition(depth: depth + 1)))"
            default: return "(\(condition(depth: depth + 1))) OR (\(condition(depth: depth + 1)))"
            }
        }
        guard let c = columns.isEmpty ? nil : dice.pick(columns) else { return dice.pick(["true", "false"]) }
        let ops = ["==", "!=", "<", "<=", ">", ">="]
        switch dice.int(0...6) {
        case 0, 1:
            if c.type == .boolean { return "\(c.name) == \(literal(.boolean))" }
            let type: ColumnType = c.type.isNumeric ? dice.pick([.long, .double]) : c.type
            return "\(c.name) \(dice.pick(ops)) \(literal(type, for: c.name))"
        case 2:
            return "\(c.name) IS \(dice.chance(0.5) ? "NOT " : "")NULL"
        case 3 where c.type != .boolean && c.type != .date:
            var items = (0..<dice.int(1...3)).map { _ in literal(c.type, for: c.name) }
            if dice.chance(0.2) { items.append("null") }
            return "\(c.name) \(dice.chance(0.2) ? "NOT " : "")IN (\(items.joined(separator: ", ")))"
        case 4 where c.type == .keyword:
            let pattern = dice.pick(["web*", "*-1", "?eb-?", "*", "a\\\\*b", "Bob", "caf*", "caf?", "cafe?"])
            return "\(c.name) \(dice.chance(0.2) ? "NOT " : "")LIKE \"\(pattern)\""
        case 5 where c.type == .keyword:
            let pattern = dice.pick(["web-[12]", "[a-z]+", ".*b", "db.1", "(alice|bob)"])
            return "\(c.name) \(dice.chance(0.2) ? "NOT " : "")RLIKE \"\(pattern)\""
        case 6:
            let peers = columns.filter { $0.name != c.name && ($0.type == c.type || ($0.type.isNumeric && c.type.isNumeric)) }
            if let other = peers.isEmpty ? nil : dice.pick(peers), c.type != .boolean {
                return "\(c.name) \(dice.pick(ops)) \(other.name)"
            }
            return "\(c.name) IS NOT NULL"
        default:
            return "\(c.name) IS NULL"
        }
    }

    /// An expression of `type` over the current columns.
    private mutating func expression(_ type: ColumnType) -> String {
        let longs = columns { $0 == .long }
        let numbers = columns { $0.isNumeric }
        let keywords = columns { $0 == .keyword }
        switch type {
        case .long:
            guard let c = longs.isEmpty ? nil : dice.pick(longs) else {
                return keywords.isEmpty ? literal(.long) : "LENGTH(\(dice.pick(keywords).name))"
            }
            switch dice.int(0...9) {
            case 0: return "\(c.name) + \(literal(.long))"
            case 1: return "\(c.name) * \(literal(.long))"
            case 2: return "\(c.name) / \(dice.pick(["2", "3", "-4", "7"]))"
            case 3: return "\(c.name) % \(dice.pick(["2", "3", "-4"]))"
            case 4: return "\(c.name) / \(dice.pick(longs).name)"
            case 5: return "-\(c.name)"
            case 6: return "ABS(\(c.name))"
            case 7: return "COALESCE(\(c.name), \(literal(.long)))"
            case 8: return "CASE(\(condition(depth: 1)), \(literal(.long)), \(c.name))"
            default:
                return keywords.isEmpty ? "\(c.name) - 1" : "LENGTH(\(dice.pick(keywords).name))"
            }
        case .double:
            guard let c = numbers.isEmpty ? nil : dice.pick(numbers) else { return literal(.double) }
            switch dice.int(0...3) {
            case 0: return "\(c.name) * \(literal(.double))"
            case 1: return "\(c.name) + \(literal(.double))"
            case 2: return "\(c.name) / 2.0"
            default: return "\(c.name) - \(dice.pick(numbers).name) * 1.5"
            }
        case .keyword:
            guard let c = keywords.isEmpty ? nil : dice.pick(keywords) else { return literal(.keyword) }
            switch dice.int(0...5) {
            case 0: return "TO_UPPER(\(c.name))"
            case 1: return "TO_LOWER(\(c.name))"
            case 2: return "CONCAT(\(c.name), \"-\", \(dice.pick(keywords).name))"
            case 3: return "COALESCE(\(c.name), \"none\")"
            case 4: return "CASE(\(condition(depth: 1)), \(literal(.keyword)), \(literal(.keyword)))"
            default: return "CASE(\(condition(depth: 1)), \(c.name))"
            }
        case .boolean:
            return condition(depth: 1)
        case .date:
            return literal(.date)
        }
    }
}
