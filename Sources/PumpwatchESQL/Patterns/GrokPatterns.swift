import PumpwatchQuery

/// The named GROK patterns (`WORD`, `IP`, `TIMESTAMP_ISO8601`, ...) and their expansion to a
/// regular expression with one named group per captured column.
///
/// `%{SYNTAX}` matches a library pattern without capturing, `%{SYNTAX:name}` captures it into the
/// column `name` (dots allowed: `%{IP:client.ip}`), and `%{SYNTAX:name:type}` converts the column
/// (`int`, `long`, `float`, `double`, `boolean`). Raw regex text between them is kept, and its
/// `(?<name>...)` groups capture columns too.
///
/// The expansion holds no capturing group other than the columns': unnamed groups become
/// `(?:...)`, so capture group *i* is column `groupNames[i - 1]`. Each group is also named in the
/// regex, by the column name when it is a plain identifier (letters and digits) and by `g<i>`
/// otherwise, because regex engines reject dots and underscores in group names. The library
/// avoids lookbehind and atomic groups, which not every regex engine supports.
public enum GrokPatterns {
    /// A GROK pattern expanded to a regular expression.
    public struct Expansion: Sendable, Hashable {
        /// The pattern as written.
        public var source: String
        /// The regular expression.
        public var regex: String
        /// The column of each capture group, in order.
        public var groupNames: [String]
        /// The group names used inside `regex`, parallel to `groupNames`.
        public var regexGroupNames: [String]
        /// The conversion asked for each column (`%{NUMBER:bytes:int}`), parallel to `groupNames`.
        public var groupTypes: [ValueType?]

        public init(source: String, regex: String, groupNames: [String], regexGroupNames: [String], groupTypes: [ValueType?]) {
            self.source = source
            self.regex = regex
            self.groupNames = groupNames
            self.regexGroupNames = regexGroupNames
            self.groupTypes = groupTypes
        }
    }

    /// Why a GROK pattern could not be expanded, and the UTF-8 offset in the pattern where the problem is.
    public struct Failure: Error, Sendable, Hashable {
        public var message: String
        public var offset: Int
        public var expected: String?

        public init(_ message: String, at offset: Int, expected: String? = nil) {
            self.message = message
            self.offset = offset
            self.expected = expected
        }
    }

    /// Expands `pattern` to a regular expression with a named group per captured column.
    public static func expand(_ pattern: String) throws(Failure) -> Expansion {
        var expander = Expander()
        let regex = try expander.scan(Array(pattern.utf8), capturing: true, depth: 0)
        return Expansion(source: pattern, regex: regex, groupNames: expander.columns,
            regexGroupNames: expander.regexNames, groupTypes: expander.types)
    }

    /// The regular expression of a library pattern, fully expanded, without capture groups.
    public static func regex(named name: String) -> String? {
        guard library[name] != nil else { return nil }
        var expander = Expander()
        return try? expander.expandLibrary(name, depth: 0)
    }

    /// The conversions a `%{SYNTAX:name:type}` suffix may ask for.
    static func valueType(suffix: String) -> ValueType? {
        switch suffix.lowercased() {
        case "int", "integer": return .integer
        case "long": return .long
        case "float", "double": return .double
        case "boolean", "bool": return .boolean
        default: return nil
        }
    }
}

/// Expands GROK text: library references, capture groups and raw regex.
private struct Expander {
    var columns: [String] = []
    var regexNames: [String] = []
    var types: [ValueType?] = []

    mutating func expandLibrary(_ name: String, depth: Int) throws(GrokPatterns.Failure) -> String {
        guard let definition = GrokPatterns.library[name] else {
            throw GrokPatterns.Failure("unknown GROK pattern '\(name)'", at: 0)
        }
        guard depth < 32 else {
            throw GrokPatterns.Failure("GROK pattern '\(name)' refers to itself", at: 0)
        }
        return try scan(Array(definition.utf8), capturing: false, depth: depth + 1)
    }

    mutating func addColumn(_ column: String) -> String {
        let index = columns.count + 1
        var name = column
        let plain = !column.isEmpty && column.utf8.first.map(isLetter) == true && column.utf8.allSatisfy { isLetter($0) || isDigit($0) }
        if !plain || regexNames.contains(column) {
            name = "g\(index)"
            while regexNames.contains(name) || columns.contains(name) { name += "x" }
        }
        columns.append(column)
        regexNames.append(name)
        types.append(nil)
        return name
    }

    /// Copies `text` to a regex; `capturing` is false inside library patterns, whose groups never capture.
    mutating func scan(_ text: [UInt8], capturing: Bool, depth: Int) throws(GrokPatterns.Failure) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < text.count {
            let c = text[i]
            switch c {
            case UInt8(ascii: "\\"):
                out.append(c)
                if i + 1 < text.count { out.append(text[i + 1]) }
                i += 2
            case UInt8(ascii: "["):
                let end = classEnd(text, from: i)
                out.append(contentsOf: text[i..<end])
                i = end
            case UInt8(ascii: "("):
                if i + 1 < text.count, text[i + 1] == UInt8(ascii: "?") {
                    // `(?<name>` or `(?P<name>` captures; `(?<=` and `(?<!` are lookbehind.
                    var nameStart = i + 2
                    if nameStart < text.count, text[nameStart] == UInt8(ascii: "P") { nameStart += 1 }
                    if nameStart + 1 < text.count, text[nameStart] == UInt8(ascii: "<"),
                        text[nameStart + 1] != UInt8(ascii: "="), text[nameStart + 1] != UInt8(ascii: "!"),
                        let close = text[nameStart...].firstIndex(of: UInt8(ascii: ">"))
                    {
                        if capturing {
                            let column = String(decoding: text[(nameStart + 1)..<close], as: UTF8.self)
                            let name = addColumn(column)
                            out.append(contentsOf: Array("(?<\(name)>".utf8))
                        } else {
                            out.append(contentsOf: Array("(?:".utf8))
                        }
                        i = close + 1
                    } else {
                        out.append(contentsOf: [c, text[i + 1]])
                        i += 2
                    }
                } else {
                    out.append(contentsOf: Array("(?:".utf8))
                    i += 1
                }
            case UInt8(ascii: "%") where i + 1 < text.count && text[i + 1] == UInt8(ascii: "{"):
                guard let close = text[(i + 2)...].firstIndex(of: UInt8(ascii: "}")) else {
                    throw GrokPatterns.Failure("the '%{' opened here is never closed", at: i, expected: "'}'")
                }
                let parts = String(decoding: text[(i + 2)..<close], as: UTF8.self)
                    .split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
                let name = parts[0]
                guard !name.isEmpty, name.utf8.allSatisfy({ isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") }) else {
                    throw GrokPatterns.Failure("malformed GROK reference '%{\(parts.joined(separator: ":"))}'", at: i,
                        expected: "%{SYNTAX}, %{SYNTAX:column} or %{SYNTAX:column:type}")
                }
                guard GrokPatterns.library[name] != nil else {
                    throw GrokPatterns.Failure("unknown GROK pattern '\(name)'", at: i, expected: "a pattern such as WORD, NUMBER, IP or DATA")
                }
                let body = try expandLibrary(name, depth: depth)
                if capturing, parts.count > 1, !parts[1].isEmpty {
                    var type: ValueType?
                    if parts.count > 2 {
                        guard let t = GrokPatterns.valueType(suffix: parts[2]) else {
                            throw GrokPatterns.Failure("unknown GROK type '\(parts[2])'", at: i, expected: "int, long, float, double or boolean")
                        }
                        type = t
                    }
                    let groupName = addColumn(parts[1])
                    types[types.count - 1] = type
                    out.append(contentsOf: Array("(?<\(groupName)>\(body))".utf8))
                } else {
                    out.append(contentsOf: Array("(?:\(body))".utf8))
                }
                i = close + 1
            default:
                out.append(c)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The index just past the character class starting at `start` (`[...]`, with `]` first, escapes and `[:alpha:]`).
    private func classEnd(_ text: [UInt8], from start: Int) -> Int {
        var i = start + 1
        if i < text.count, text[i] == UInt8(ascii: "^") { i += 1 }
        if i < text.count, text[i] == UInt8(ascii: "]") { i += 1 }
        while i < text.count {
            switch text[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "]"): return i + 1
            case UInt8(ascii: "["):
                if i + 1 < text.count, text[i + 1] == UInt8(ascii: ":"),
                    let close = text[(i + 2)...].firstIndex(of: UInt8(ascii: "]"))
                {
                    i = close + 1
                } else {
                    i += 1
                }
            default: i += 1
            }
        }
        return text.count
    }

    private func isLetter(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
    private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
}
