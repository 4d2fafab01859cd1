/// The members of a YAML mapping, in file order, with required and optional lookups.
struct YAMLMapping {
    let owner: YAMLValue
    let entries: [(String, YAMLValue, Int?)]

    subscript(key: String) -> YAMLValue? {
        entries.first { $0.0 == key }?.1
    }

    /// The line of `key` itself.
    func line(of key: String) -> Int? {
        entries.first { $0.0 == key }?.2
    }

    func has(_ key: String) -> Bool { self[key] != nil }

    /// The member at `key`; missing (or `null`) is an error.
    func required(_ key: String) throws(RuleError) -> YAMLValue {
        guard let v = self[key], !v.isNull else {
            let path = owner.path.isEmpty ? key : "\(owner.path).\(key)"
            throw RuleError(file: owner.file, key: path, reason: "required key is missing", line: self[key]?.line ?? owner.line)
        }
        return v
    }

    /// The member at `key`, or `nil` when missing or `null`.
    func optional(_ key: String) -> YAMLValue? {
        guard let v = self[key], !v.isNull else { return nil }
        return v
    }
}
