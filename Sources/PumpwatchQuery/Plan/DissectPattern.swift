/// A parsed ES|QL DISSECT pattern: literal delimiters between `%{key}` fields.
public struct DissectPattern: Sendable, Hashable, CustomStringConvertible {
    /// One key of the pattern.
    public struct Key: Sendable, Hashable {
        public enum Modifier: Sendable, Hashable {
            case none
            /// `%{?name}` or `%{}`: matched and skipped.
            case skip
            /// `%{+name}`: appended to an earlier key with the separator.
            case append
        }
        public var name: String
        public var modifier: Modifier
        /// `%{name->}`: repeated delimiters after the key are skipped.
        public var rightPadding: Bool
        public init(name: String, modifier: Modifier, rightPadding: Bool) {
            self.name = name
            self.modifier = modifier
            self.rightPadding = rightPadding
        }
    }

    /// The text of the pattern as written.
    public var source: String
    /// The delimiter before the first key ("" when the pattern starts with a key).
    public var prefix: String
    /// Each key and the delimiter after it ("" for the last key when the pattern ends with it).
    public var keys: [(key: Key, delimiter: String)]
    /// The separator used by `%{+key}` (`APPEND_SEPARATOR`).
    public var appendSeparator: String

    public init(source: String, prefix: String, keys: [(key: Key, delimiter: String)], appendSeparator: String = "") {
        self.source = source
        self.prefix = prefix
        self.keys = keys
        self.appendSeparator = appendSeparator
    }

    public static func == (a: DissectPattern, b: DissectPattern) -> Bool {
        a.source == b.source && a.appendSeparator == b.appendSeparator
    }

    public func hash(into h: inout Hasher) {
        h.combine(source)
        h.combine(appendSeparator)
    }

    /// The output columns, in order of first appearance, without skipped keys.
    public var outputNames: [String] {
        var seen: [String] = []
        for (k, _) in keys where k.modifier != .skip && !k.name.isEmpty && !seen.contains(k.name) { seen.append(k.name) }
        return seen
    }

    public var description: String { source }
}

/// A regular expression with named groups, whose groups become columns.
public struct ExtractPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written (a GROK pattern or a CQL regex).
    public var source: String
    /// The expanded regular expression (GROK `%{IP:client}` becomes `(?<client>...)`).
    public var regex: String
    /// The group names, in order; each becomes a column.
    public var groupNames: [String]
    public var caseInsensitive: Bool
    /// Drop rows where the regex does not match (CQL `regex()` default); otherwise set nulls (GROK).
    public var dropUnmatched: Bool
    /// Must match the whole string (GROK is searched, CQL unanchored).
    public var anchored: Bool

    public init(source: String, regex: String, groupNames: [String], caseInsensitive: Bool = false, dropUnmatched: Bool, anchored: Bool = false) {
        self.source = source
        self.regex = regex
        self.groupNames = groupNames
        self.caseInsensitive = caseInsensitive
        self.dropUnmatched = dropUnmatched
        self.anchored = anchored
    }

    public var description: String { source }
}
