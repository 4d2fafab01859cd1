import PumpwatchCore
import PumpwatchQuery

/// Generates random LogScale queries and Falcon-shaped events for differential tests.
///
/// Event values are strings, as Falcon sends them (`RemotePort` is `"443"`, sometimes `"0x1bb"`),
/// plus an integer field from generic NDJSON; fields are missing from some events. Queries chain
/// field filters (`=`, `!=`, `*`, globs, regexes, comparisons, `like`, `in()`, `and`/`or`/`not`),
/// `:=` and `eval()`, `if()`, `groupBy()` and ungrouped aggregates, `sort()`, `head()`, `tail()`,
/// `case { }`, `select()`, `drop()`, `rename()` and `default()`.
struct PropertyCQLGenerator {
    static let pools: [String: [String]] = [
        "event_simpleName": ["DnsRequest", "NetworkConnectIP4"],
        "aid": ["a1", "a2", "a3"],
        "ComputerName": ["WEB-01", "web-01", "DB-02"],
        "RemotePort": ["443", "80", "8443", "0x1bb", "-1", "443.0"],
        "ContextTimeStamp": ["1763632800.123", "1763632801.5", "1763632799"],
        "DomainName": ["api.twilio.com", "sns.amazonaws.com", "example.org", "API.Twilio.com"],
    ]
    static let numericLiterals = ["0", "80", "443", "1000", "2.5", "5", "-1"]

    var dice: PropertyDice
    /// Known executor differences, which the generated queries and events steer clear of.
    let avoiding: Set<PropertyKnownDifference>
    /// The fields the pipeline has at this point.
    private var fields = ["event_simpleName", "aid", "ComputerName", "RemotePort", "ContextTimeStamp", "DomainName", "Size"]
    /// The fields that hold numbers (or nothing) in every event at this point.
    private var numeric: Set<String> = ["RemotePort", "ContextTimeStamp", "Size"]
    private var nextName = 0

    init(seed: UInt64, avoiding: Set<PropertyKnownDifference> = PropertyKnownDifference.all) {
        dice = PropertyDice(seed: seed)
        self.avoiding = avoiding
    }

    /// Fields for `<`, `>`, `if(f > n)` and `test(a < b)`: numeric ones while lexical ordering of
    /// text is a known difference, else any.
    private var orderable: [String] {
        guard avoiding.contains(.cqlOrdersTextLexically) else { return fields }
        return fields.filter(numeric.contains)
    }

    mutating func generate() -> PropertyCase {
        var events: [[String: Value]] = []
        for _ in 0..<dice.int(0...30) { events.append(event()) }
        var stages: [String] = []
        for _ in 0..<dice.int(1...4) { stages.append(stage()) }
        let schema = Array(Self.pools.keys) + ["#event_simpleName", "Size", "@timestamp"]
        return PropertyCase(dialect: .cql, query: stages.joined(separator: "\n| "), events: events, schema: schema)
    }

    // MARK: - Events

    private mutating func event() -> [String: Value] {
        let name = dice.pick(Self.pools["event_simpleName"]!)
        var e: [String: Value] = [
            "#event_simpleName": .string(name), "event_simpleName": .string(name),
            "aid": .string(dice.pick(Self.pools["aid"]!)),
            "@timestamp": .date(1_763_632_800_000 + Int64(dice.int(0...29)) * 1000),
        ]
        for (field, absent) in [("ComputerName", 0.2), ("RemotePort", 0.25), ("ContextTimeStamp", 0.3), ("DomainName", 0.25)] where !dice.chance(absent) {
            var pool = Self.pools[field]!
            if field == "RemotePort" && avoiding.contains(.cqlOrdersTextLexically) { pool.removeAll { $0 == "0x1bb" } }
            e[field] = .string(dice.pick(pool))
        }
        if !dice.chance(0.3) { e["Size"] = .int(Int64(dice.int(0...9))) }
        return e
    }

    // MARK: - Stages

    private mutating func stage() -> String {
        switch dice.int(0...15) {
        case 0...3: return filter(depth: 0)
        case 4...5: return assignment()
        case 6...7: return aggregate()
        case 8...9: return sort()
        case 10: return dice.pick(["head", "tail"]) + "(\(dice.int(0...8)))"
        case 11: return caseBlock()
        case 12: return select()
        case 13: return rename()
        case 14:
            let f = dice.pick(fields)
            numeric.remove(f)
            return "default(field=\(f), value=\"none\")"
        default: return "drop(\(dice.pick(fields)))"
        }
    }

    private mutating func freshName() -> String {
        nextName += 1
        return dice.pick(["y", "Score", "tag"]) + String(nextName)
    }

    private mutating func value(for field: String) -> String {
        let pool = Self.pools[field] ?? (field == "Size" ? ["3", "7", "0"] : Self.pools["aid"]!)
        let v = dice.pick(pool)
        switch dice.int(0...5) {
        case 0: return "\"\(v)\""
        case 1: return "*" + String(v.dropFirst(min(2, v.count))) + (dice.chance(0.5) ? "*" : "")
        case 2: return "/" + dice.pick(["twilio", "^80", "01$", "a[12]", "\\.com"]) + "/" + (dice.chance(0.5) ? "i" : "")
        case 3: return v.hasPrefix("-") ? "\"\(v.prefix(2))*\"" : String(v.prefix(2)) + "*"
        default: return v.contains(".") || v.hasPrefix("-") ? "\"\(v)\"" : v
        }
    }

    /// A filter stage (a term, or terms joined with `and`, `or`, `not`).
    private mutating func filter(depth: Int) -> String {
        if depth < 2 && dice.chance(0.35) {
            switch dice.int(0...3) {
            case 0: return "not (\(filter(depth: depth + 1)))"
            case 1: return "\(filter(depth: depth + 1)) and \(filter(depth: depth + 1))"
            case 2: return "(\(filter(depth: depth + 1)) or \(filter(depth: depth + 1)))"
            default: return "\(filter(depth: depth + 1)) \(filter(depth: depth + 1))"
            }
        }
        let f = dice.pick(fields + ["#event_simpleName"])
        switch dice.int(0...8) {
        case 0, 1: return "\(f) = \(value(for: f))"
        case 2: return "\(f) != \(value(for: f))"
        case 3: return "\(f) \(dice.chance(0.5) ? "=" : "!=") *"
        case 4, 5:
            guard !orderable.isEmpty else { return "\(f) = *" }
            return "\(dice.pick(orderable)) \(dice.pick(["<", "<=", ">", ">="])) \(dice.pick(Self.numericLiterals))"
        case 6: return "\(f) like \"\(dice.pick(["twilio", "01", "3", "a"]))\""
        case 7:
            let items = (0..<dice.int(1...3)).map { _ in "\"\(dice.pick(Self.pools[f] ?? ["3", "a1", "443"]))\"" }
            return "in(\(f), values=[\(items.joined(separator: ", "))])"
        default:
            let op = dice.pick(["<", ">", "==", "!="])
            let pool = op == "<" || op == ">" ? orderable : fields
            guard !pool.isEmpty else { return "\(f) != *" }
            return "test(\(dice.pick(pool)) \(op) \(dice.pick(pool)))"
        }
    }

    private mutating func assignment() -> String {
        let numbers = fields.filter(numeric.contains)
        let f = numbers.isEmpty ? dice.pick(fields) : dice.pick(numbers)
        let expression: String
        var givesNumber = true
        switch dice.int(0...6) {
        case 0: expression = "\(f) + 1"
        case 1: expression = "\(f) * \(dice.pick(["2", "0.5", "-1"]))"
        case 2: expression = "\(f) / \(dice.pick(["2", "4", "0"]))"
        case 3:
            expression = "lower(\(dice.pick(fields)))"
            givesNumber = false
        case 4 where !orderable.isEmpty:
            expression = "if(\(dice.pick(orderable)) > \(dice.pick(Self.numericLiterals)), then=\"big\", else=\"small\")"
            givesNumber = false
        case 5:
            expression = "coalesce([\(dice.pick(fields)), \"none\"])"
            givesNumber = false
        default: expression = "\(f) - \(dice.pick(fields))"
        }
        let reuse = dice.chance(0.25)
        let target = reuse ? dice.pick(fields) : freshName()
        if !fields.contains(target) { fields.append(target) }
        // A skipped assignment leaves an existing value, so a reused target only stays numeric if it was.
        if givesNumber && (!reuse || numeric.contains(target)) { numeric.insert(target) } else { numeric.remove(target) }
        return dice.chance(0.8) ? "\(target) := \(expression)" : "eval(\(target) = \(expression))"
    }

    private mutating func aggregate() -> String {
        let keys = dice.sample(fields.filter { $0 != "_count" }, dice.int(0...min(2, fields.count)))
        var calls: [String] = []
        var outputs: [String] = []
        for _ in 0..<dice.int(1...3) {
            let name = freshName()
            let f = dice.pick(fields)
            switch dice.int(0...6) {
            case 0: calls.append("count(as=\(name))")
            case 1: calls.append("count(\(f), as=\(name))")
            case 2: calls.append("dc(\(f), as=\(name))")
            case 3: calls.append("sum(\(f), as=\(name))")
            case 4: calls.append("avg(\(f), as=\(name))")
            case 5: calls.append("min(\(f), as=\(name))")
            default: calls.append("max(\(f), as=\(name))")
            }
            outputs.append(name)
        }
        numeric = Set(outputs).union(keys.filter(numeric.contains))
        if keys.isEmpty {
            fields = outputs
            return calls.count == 1 ? calls[0] : "[" + calls.joined(separator: ", ") + "]"
        }
        if dice.chance(0.15) {
            let span = dice.pick(["5s", "10s", "1m"])
            fields = ["_bucket"] + keys + outputs
            numeric = Set(outputs)
            let by = keys.isEmpty ? "" : ", field=[\(keys.joined(separator: ", "))]"
            return "bucket(span=\(span)\(by), function=[\(calls.joined(separator: ", "))])"
        }
        if dice.chance(0.2) {
            fields = keys + ["_count"]
            numeric = Set(keys.filter(numeric.contains) + ["_count"])
            return "groupBy([\(keys.joined(separator: ", "))])"
        }
        fields = keys + outputs
        return "groupBy([\(keys.joined(separator: ", "))], function=[\(calls.joined(separator: ", "))])"
    }

    private mutating func sort() -> String {
        let keys = dice.sample(fields, dice.int(1...min(2, fields.count)))
        var arguments = keys.count == 1 ? [keys[0]] : ["[\(keys.joined(separator: ", "))]"]
        if dice.chance(0.7) { arguments.append("order=\(dice.pick(["asc", "desc"]))") }
        if dice.chance(0.4) { arguments.append("type=\(dice.pick(["number", "string"]))") }
        if dice.chance(0.5) { arguments.append("limit=\(dice.int(1...10))") }
        return "sort(\(arguments.joined(separator: ", ")))"
    }

    private mutating func caseBlock() -> String {
        let target = freshName()
        var clauses: [String] = []
        for label in ["first", "second"].prefix(dice.int(1...2)) {
            clauses.append("\(filter(depth: 1)) | \(target) := \"\(label)\"")
        }
        if dice.chance(0.6) { clauses.append("*") }
        fields.append(target)
        numeric.remove(target)
        return "case { " + clauses.joined(separator: "; ") + " }"
    }

    private mutating func select() -> String {
        let chosen = dice.sample(fields, dice.int(1...min(3, fields.count)))
        fields = chosen
        return "select([\(chosen.joined(separator: ", "))])"
    }

    private mutating func rename() -> String {
        let from = dice.pick(fields)
        let to = freshName()
        fields = fields.map { $0 == from ? to : $0 }
        if numeric.remove(from) != nil { numeric.insert(to) }
        return "rename(field=\(from), as=\(to))"
    }
}
