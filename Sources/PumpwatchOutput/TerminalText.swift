import PumpwatchCore

/// Measures, cleans, clips and wraps text for a fixed-width terminal.
///
/// Widths are in terminal columns: East Asian wide characters and emoji take two, combining and
/// format characters none. Control characters never reach the terminal: tabs and line ends become
/// spaces, anything else (escape sequences, bidi overrides) becomes `?`.
enum TerminalText {
    /// The text with control and bidi formatting characters replaced.
    static func sanitize(_ s: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(s.unicodeScalars.count)
        for u in s.unicodeScalars {
            switch u.value {
            case 0x09, 0x0A, 0x0D: out.unicodeScalars.append(" ")
            case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C, 0x2028, 0x2029:
                out.unicodeScalars.append("?")
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Columns taken by one character.
    static func width(_ c: Character) -> Int {
        guard let u = c.unicodeScalars.first else { return 0 }
        let v = u.value
        if v < 0x300 { return 1 }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B { return 0 }
        if u.properties.isEmojiPresentation { return 2 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Columns taken by a string.
    static func width(_ s: String) -> Int {
        s.reduce(0) { $0 + width($1) }
    }

    /// The string cut to at most `limit` columns, ending in `…` when cut.
    static func clip(_ s: String, to limit: Int) -> String {
        guard width(s) > limit else { return s }
        guard limit > 0 else { return "" }
        var out = ""
        var used = 0
        for c in s {
            let w = width(c)
            if used + w > limit - 1 { break }
            out.append(c)
            used += w
        }
        return out + "…"
    }

    /// The string cut to at most `limit` columns by dropping its middle, so an ARN keeps both its
    /// account and the end of its role name, and a path both its root and its file name.
    static func clipMiddle(_ s: String, to limit: Int) -> String {
        guard width(s) > limit else { return s }
        guard limit >= 8 else { return clip(s, to: limit) }
        let headBudget = (limit - 1) / 2
        let tailBudget = limit - 1 - headBudget
        var head = ""
        var used = 0
        for c in s {
            let w = width(c)
            if used + w > headBudget { break }
            head.append(c)
            used += w
        }
        var tail: [Character] = []
        used = 0
        for c in s.reversed() {
            let w = width(c)
            if used + w > tailBudget { break }
            tail.append(c)
            used += w
        }
        return head + "…" + String(tail.reversed())
    }

    /// Words wrapped into lines of at most `limit` columns including their prefixes; words longer
    /// than a line are broken.
    static func wrap(_ text: String, limit: Int, first: String, rest: String) -> [String] {
        var lines: [String] = []
        var line = first
        var lineWidth = width(first)
        var lineHasWord = false
        func newLine() {
            lines.append(line)
            line = rest
            lineWidth = width(rest)
            lineHasWord = false
        }
        for piece in text.split(separator: " ", omittingEmptySubsequences: true) {
            var word = Substring(piece)
            while !word.isEmpty {
                let w = width(String(word))
                let gap = lineHasWord ? 1 : 0
                if lineWidth + gap + w <= limit {
                    line += (lineHasWord ? " " : "") + word
                    lineWidth += gap + w
                    lineHasWord = true
                    break
                }
                if lineHasWord {
                    newLine()
                    continue
                }
                // The word alone is wider than a line: put what fits and carry the rest.
                var head = ""
                var headWidth = 0
                while let c = word.first, headWidth + width(c) <= limit - lineWidth {
                    head.append(c)
                    headWidth += width(c)
                    word = word.dropFirst()
                }
                if head.isEmpty, let c = word.first {
                    head.append(c)
                    word = word.dropFirst()
                }
                line += head
                lineHasWord = true
                newLine()
            }
        }
        if lineHasWord || lines.isEmpty { lines.append(line) }
        return lines.map { clip($0, to: limit) }
    }

    /// Items laid out left to right with `separator`, starting a new line when the next item
    /// does not fit; an item wider than a whole line is clipped.
    static func flow(_ items: [String], limit: Int, first: String, rest: String, separator: String = "  ") -> [String] {
        var lines: [String] = []
        var line = first
        var lineWidth = width(first)
        var count = 0
        for item in items {
            let sepWidth = count == 0 ? 0 : width(separator)
            var itemText = item
            var w = width(itemText)
            if count > 0, lineWidth + sepWidth + w > limit {
                lines.append(line)
                line = rest
                lineWidth = width(rest)
                count = 0
            }
            let room = limit - lineWidth - (count == 0 ? 0 : width(separator))
            if w > room {
                itemText = clip(itemText, to: max(room, 1))
                w = width(itemText)
            }
            if count > 0 {
                line += separator
                lineWidth += width(separator)
            }
            line += itemText
            lineWidth += w
            count += 1
        }
        if count > 0 || lines.isEmpty { lines.append(line) }
        return lines.map { clip($0, to: limit) }
    }

    /// `48210` as `48,210`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }
}
