import PumpwatchCore

/// One row flowing through the executor: an event's fields, or a computed result.
///
/// Fields read from the source have no order of their own and print alphabetically (ES|QL's
/// `FROM` order); columns that operators add or select are kept in `columns`, in order, after them.
public struct Row: Sendable {
    public var values: [String: Value]
    /// Columns in explicit order (added by eval, aggregate, dissect, or chosen by keep).
    public var columns: [String]
    /// The event the row came from, when it is one event.
    public var origin: Origin?

    public init(values: [String: Value], columns: [String] = [], origin: Origin? = nil) {
        self.values = values
        self.columns = columns
        self.origin = origin
    }

    /// A row made of columns in the given order.
    public init(ordered: [(String, Value)]) {
        var v: [String: Value] = [:]
        var c: [String] = []
        for (k, x) in ordered {
            if v.updateValue(x, forKey: k) == nil { c.append(k) }
        }
        self.init(values: v, columns: c)
    }

    public subscript(name: String) -> Value? { values[name] }

    /// Sets a column. With `moveToEnd` (ES|QL), an existing column moves to the end.
    public mutating func set(_ name: String, _ value: Value, moveToEnd: Bool) {
        let existed = values.updateValue(value, forKey: name) != nil
        if let i = columns.firstIndex(of: name) {
            if moveToEnd && i != columns.count - 1 {
                columns.remove(at: i)
                columns.append(name)
            }
        } else if !existed || moveToEnd {
            columns.append(name)
        }
    }

    /// Removes a column.
    public mutating func remove(_ name: String) {
        values.removeValue(forKey: name)
        if let i = columns.firstIndex(of: name) { columns.remove(at: i) }
    }

    /// Every column name in print order: source fields alphabetically, then the ordered columns.
    public var orderedNames: [String] {
        if values.count == columns.count { return columns }
        let ordered = Set(columns)
        return values.keys.filter { !ordered.contains($0) }.sorted() + columns
    }

    /// The row's (name, value) pairs in print order.
    public var orderedPairs: [(String, Value)] {
        orderedNames.map { ($0, values[$0] ?? .null) }
    }
}
