import PumpwatchCore

/// The lines of a text, for checking that reported positions (query error locations, YAML error
/// lines, record origins) point inside it.
public struct TextBounds {
    /// The UTF-8 bytes of the text.
    public let utf8: [UInt8]
    /// The UTF-8 offset at which each line starts; the text has `lineStarts.count` lines.
    public let lineStarts: [Int]

    public init(_ text: String) {
        self.init(utf8: Array(text.utf8))
    }

    public init(utf8: [UInt8]) {
        self.utf8 = utf8
        var starts = [0]
        for (i, b) in utf8.enumerated() where b == 0x0A { starts.append(i + 1) }
        lineStarts = starts
    }

    /// The lines of a YAML text, which end at LF, CR, CR LF, NEL, LS or PS (YAML 1.1 and libyaml).
    public init(yaml text: String) {
        let u = Array(text.utf8)
        var starts = [0]
        var i = 0
        while i < u.count {
            var length = 0
            if u[i] == 0x0A {
                length = 1
            } else if u[i] == 0x0D {
                length = i + 1 < u.count && u[i + 1] == 0x0A ? 2 : 1
            } else if u[i] == 0xC2, i + 1 < u.count, u[i + 1] == 0x85 {
                length = 2
            } else if u[i] == 0xE2, i + 2 < u.count, u[i + 1] == 0x80, u[i + 2] == 0xA8 || u[i + 2] == 0xA9 {
                length = 3
            }
            i += max(1, length)
            if length > 0 { starts.append(i) }
        }
        utf8 = u
        lineStarts = starts
    }

    /// The number of lines: one more than the number of line feeds.
    public var lineCount: Int { lineStarts.count }

    /// The number of Unicode scalars on 1-based line `line`, without its line feed (of a text
    /// whose lines end at line feeds).
    public func scalarCount(ofLine line: Int) -> Int {
        let start = lineStarts[line - 1]
        let end = line < lineStarts.count ? lineStarts[line] - 1 : utf8.count
        var n = 0
        for b in utf8[start..<end] where b & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// Why `location` is not a position inside the text, or nil when it is one.
    ///
    /// A position inside the text has its offset between 0 and the text's length (the end counts,
    /// for "unexpected end of query"), on the boundary of a Unicode scalar, and a line and column
    /// that agree with that offset (columns count Unicode scalars from 1).
    public func problem(with location: SourceLocation) -> String? {
        guard location.offset >= 0, location.offset <= utf8.count else {
            return "offset \(location.offset) is outside the text of \(utf8.count) bytes"
        }
        guard location.line >= 1, location.line <= lineCount else {
            return "line \(location.line) is outside the text's \(lineCount) lines"
        }
        let columns = scalarCount(ofLine: location.line) + 1
        guard location.column >= 1, location.column <= columns else {
            return "column \(location.column) is outside line \(location.line), which has \(columns - 1) characters"
        }
        if location.offset < utf8.count, utf8[location.offset] & 0xC0 == 0x80 {
            return "offset \(location.offset) falls inside a UTF-8 sequence"
        }
        let expected = SourceLocation(offset: location.offset, in: String(decoding: utf8, as: UTF8.self))
        guard expected.line == location.line, expected.column == location.column else {
            return "line \(location.line), column \(location.column) do not match offset \(location.offset) (line \(expected.line), column \(expected.column))"
        }
        return nil
    }

    /// Why 1-based `line` is not a line of the text, or nil when it is one.
    public func problem(withLine line: Int) -> String? {
        guard line >= 1, line <= lineCount else { return "line \(line) is outside the text's \(lineCount) lines" }
        return nil
    }
}
