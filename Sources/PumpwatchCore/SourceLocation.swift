/// A position in a text (query, config file): 1-based line and column, and the UTF-8 offset.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The location of UTF-8 byte `offset` in `text`.
    public init(offset: Int, in text: String) {
        var line = 1
        var column = 1
        var i = 0
        for b in text.utf8 {
            if i >= offset { break }
            if b == 10 { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        self.init(line: line, column: column, offset: offset)
    }

    public var description: String { "line \(line), column \(column)" }

    /// The source line holding this location with a caret under its column, for error messages.
    public func caretDisplay(in text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return "" }
        let src = String(lines[line - 1]).replacingTabs()
        return "  \(src)\n  " + String(repeating: " ", count: max(0, column - 1)) + "^"
    }
}

extension String {
    func replacingTabs() -> String {
        String(map { $0 == "\t" ? " " : $0 })
    }
}
