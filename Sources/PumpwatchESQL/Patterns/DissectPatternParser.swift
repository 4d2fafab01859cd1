import PumpwatchQuery

/// Reads the text of an ES|QL `DISSECT` pattern into a `DissectPattern`.
///
/// A pattern is literal delimiters between keys: `%{name}` captures, `%{?name}` and `%{}`
/// match and skip, `%{+name}` appends to an earlier `name` with the append separator, and a
/// trailing `->` (`%{name->}`) skips repeats of the delimiter that follows. Reference keys
/// (`%{*k}`, `%{&k}`) and append ordering (`%{+k/2}`) are not supported.
public enum DissectPatternParser {
    /// Why a pattern could not be read, and the UTF-8 offset in the pattern where the problem is.
    public struct Failure: Error, Sendable, Hashable {
        public var message: String
        public var offset: Int
        /// What would have been valid at `offset`.
        public var expected: String?
        /// True for valid DISSECT syntax that pumpwatch does not implement.
        public var unsupported: Bool

        public init(_ message: String, at offset: Int, expected: String? = nil, unsupported: Bool = false) {
            self.message = message
            self.offset = offset
            self.expected = expected
            self.unsupported = unsupported
        }
    }

    /// Parses `pattern`; `appendSeparator` is the `APPEND_SEPARATOR` option ("" when absent).
    public static func parse(_ pattern: String, appendSeparator: String = "") throws(Failure) -> DissectPattern {
        let bytes = Array(pattern.utf8)
        func text(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }
        func findKeyStart(from i: Int) -> Int? {
            var j = i
            while j + 1 < bytes.count {
                if bytes[j] == UInt8(ascii: "%"), bytes[j + 1] == UInt8(ascii: "{") { return j }
                j += 1
            }
            return nil
        }

        guard let first = findKeyStart(from: 0) else {
            throw Failure("the DISSECT pattern has no key", at: 0, expected: "at least one %{key}")
        }
        let prefix = text(0..<first)
        var keys: [(key: DissectPattern.Key, delimiter: String)] = []
        var start = first
        while true {
            let bodyStart = start + 2
            var close = bodyStart
            while close < bytes.count, bytes[close] != UInt8(ascii: "}") {
                if bytes[close] == UInt8(ascii: "%"), close + 1 < bytes.count, bytes[close + 1] == UInt8(ascii: "{") {
                    throw Failure("the key opened here is not closed before the next '%{'", at: start, expected: "'}'")
                }
                close += 1
            }
            guard close < bytes.count else {
                throw Failure("the key opened here is never closed", at: start, expected: "'}'")
            }
            let key = try parseKey(text(bodyStart..<close), at: start)
            let next = findKeyStart(from: close + 1)
            let delimiterEnd = next ?? bytes.count
            let delimiter = text((close + 1)..<delimiterEnd)
            if let next, delimiter.isEmpty {
                throw Failure("two keys follow each other without a delimiter between them", at: next,
                    expected: "literal text between '}' and '%{'")
            }
            keys.append((key, delimiter))
            guard let next else { break }
            start = next
        }
        return DissectPattern(source: pattern, prefix: prefix, keys: keys, appendSeparator: appendSeparator)
    }

    private static func parseKey(_ raw: String, at offset: Int) throws(Failure) -> DissectPattern.Key {
        var body = Substring(raw)
        var rightPadding = false
        if body.hasSuffix("->") {
            rightPadding = true
            body = body.dropLast(2)
        }
        var modifier = DissectPattern.Key.Modifier.none
        switch body.first {
        case "?":
            modifier = .skip
            body = body.dropFirst()
        case "+":
            modifier = .append
            body = body.dropFirst()
            if body.contains("/") {
                throw Failure("append ordering (%{+key/n}) is not supported", at: offset, unsupported: true)
            }
            if body.isEmpty {
                throw Failure("an append key needs a name", at: offset, expected: "%{+name}")
            }
        case "*", "&":
            throw Failure("reference keys (%{*key} and %{&key}) are not supported", at: offset, unsupported: true)
        default:
            if body.isEmpty { modifier = .skip }
        }
        if body.contains("->") || body.hasPrefix("?") || body.hasPrefix("+") {
            throw Failure("malformed key '%{\(raw)}'", at: offset, expected: "%{name}, %{?name}, %{+name} or %{name->}")
        }
        return DissectPattern.Key(name: String(body), modifier: modifier, rightPadding: rightPadding)
    }
}
