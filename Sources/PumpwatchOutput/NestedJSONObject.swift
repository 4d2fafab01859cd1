import PumpwatchCore

/// Builds a JSON object from dotted paths (`event.kind`), nesting members and keeping insertion order.
///
/// A path that runs into a member already holding a value is ignored, so the first writer wins.
struct NestedJSONObject {
    private enum Node {
        case value(JSONValue)
        case object(NestedJSONObject)
    }

    private var members: [(String, Node)] = []

    /// Sets the member at a dotted path.
    mutating func set(_ path: String, _ value: JSONValue) {
        set(path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)[...], value)
    }

    /// Sets the member at a dotted path unless `value` is nil.
    mutating func setIfPresent(_ path: String, _ value: JSONValue?) {
        if let value { set(path, value) }
    }

    private mutating func set(_ path: ArraySlice<String>, _ value: JSONValue) {
        guard let head = path.first else { return }
        let rest = path.dropFirst()
        let index = members.firstIndex { $0.0 == head }
        if rest.isEmpty {
            if index == nil { members.append((head, .value(value))) }
            return
        }
        if let index {
            guard case .object(var child) = members[index].1 else { return }
            child.set(rest, value)
            members[index].1 = .object(child)
        } else {
            var child = NestedJSONObject()
            child.set(rest, value)
            members.append((head, .object(child)))
        }
    }

    /// True when a member exists at the dotted path.
    func contains(_ path: String) -> Bool {
        var node = self
        let parts = path.split(separator: ".").map(String.init)
        for (i, part) in parts.enumerated() {
            guard let member = node.members.first(where: { $0.0 == part })?.1 else { return false }
            switch member {
            case .value: return i == parts.count - 1
            case .object(let child): node = child
            }
        }
        return true
    }

    var json: JSONValue {
        .object(members.map { k, node in
            switch node {
            case .value(let v): return (k, v)
            case .object(let child): return (k, child.json)
            }
        })
    }
}
