/// A parsed JSON document. Objects keep their key order, as the sources wrote it.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for (k, v) in x {
                guard let w = y.first(where: { $0.0 == k })?.1, w == v else { return false }
            }
            return true
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .null: h.combine(0)
        case .bool(let b): h.combine(b)
        case .int(let i): h.combine(Double(i))
        case .double(let d): h.combine(d)
        case .string(let s): h.combine(s)
        case .array(let a): h.combine(a)
        case .object(let o): h.combine(o.count)
        }
    }

    /// The member named `key` of an object, or `nil`.
    public subscript(key: String) -> JSONValue? {
        if case .object(let pairs) = self {
            for (k, v) in pairs where k == key { return v }
        }
        return nil
    }

    /// The string payload, or `nil` when this is not a string.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The object's members, or `nil` when this is not an object.
    public var objectMembers: [(String, JSONValue)]? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array's elements, or `nil` when this is not an array.
    public var arrayElements: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The scalar as text (numbers as written by JSON, booleans as `true`/`false`); `nil` for containers and null.
    public var scalarText: String? {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return Value.format(double: d)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// Converts a scalar to a query `Value`; arrays of scalars become multi-values.
    public var value: Value {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .array(let a): return .array(a.map(\.value))
        case .object: return .string(JSONWriter.serialize(self))
        }
    }
}
