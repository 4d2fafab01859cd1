import PumpwatchQuery

/// Conversions between the pattern forms of the plan (globs, regexes, DISSECT patterns) and the
/// pattern forms of the targets (SQL LIKE, anchored Lucene regexes, capture-group regexes).
enum PatternText {
    /// One piece of a glob.
    enum GlobPiece: Equatable {
        case literal(Character)
        /// `*`: any run of characters.
        case any
        /// `?` (where it is special): one character.
        case one
    }

    /// The pieces of a glob: `*` any run, `?` one character when `questionMark`, `\` escapes.
    static func globPieces(_ glob: String, questionMark: Bool) -> [GlobPiece] {
        var out: [GlobPiece] = []
        var escape = false
        for ch in glob {
            if escape {
                out.append(.literal(ch))
                escape = false
                continue
            }
            switch ch {
            case "\\": escape = true
            case "*": if out.last != .any { out.append(.any) }
            case "?" where questionMark: out.append(.one)
            default: out.append(.literal(ch))
            }
        }
        if escape { out.append(.literal("\\")) }
        return out
    }

    /// The literal text of pieces that hold no wildcard, else nil.
    static func literal(_ pieces: [GlobPiece]) -> String? {
        var s = ""
        for p in pieces {
            guard case .literal(let c) = p else { return nil }
            s.append(c)
        }
        return s
    }

    /// `text`, `text*`, `*text` or `*text*`: the text and whether a wildcard leads and trails.
    static func simpleShape(_ pieces: [GlobPiece]) -> (leading: Bool, text: String, trailing: Bool)? {
        var p = pieces[...]
        let leading = p.first == .any
        if leading { p = p.dropFirst() }
        let trailing = p.last == .any
        if trailing { p = p.dropLast() }
        guard let text = literal(Array(p)) else { return nil }
        return (leading, text, trailing)
    }

    /// Characters a regex must escape to match them literally.
    static let regexSpecial: Set<Character> = ["\\", ".", "^", "$", "|", "?", "*", "+", "(", ")", "[", "]", "{", "}", "/"]

    /// `text` as a regex that matches it literally.
    static func regexEscape(_ text: String) -> String {
        var out = ""
        for ch in text {
            if regexSpecial.contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// A glob as an unanchored regex body (`.*` for `*`, `.` for `?`).
    static func regex(_ pieces: [GlobPiece]) -> String {
        var out = ""
        for p in pieces {
            switch p {
            case .any: out += ".*"
            case .one: out += "."
            case .literal(let c): out += regexEscape(String(c))
            }
        }
        return out
    }

    /// A glob as an SQL LIKE pattern with `\` as the escape character.
    static func like(_ pieces: [GlobPiece]) -> String {
        var out = ""
        for p in pieces {
            switch p {
            case .any: out += "%"
            case .one: out += "_"
            case .literal(let c):
                if c == "%" || c == "_" || c == "\\" { out.append("\\") }
                out.append(c)
            }
        }
        return out
    }

    /// A DISSECT pattern as an anchored regex whose groups are the output columns, in order;
    /// nil for patterns a regex does not express (`%{+key}` appends, repeated names, adjacent keys).
    ///
    /// DISSECT takes each key up to the first occurrence of the delimiter that follows it, and
    /// the last key (with no delimiter after it) takes the rest: a lazy group before each
    /// delimiter and a greedy one at the end.
    static func dissectRegex(_ pattern: DissectPattern) -> (regex: String, groups: [String])? {
        var regex = "^" + regexEscape(pattern.prefix)
        var groups: [String] = []
        for (i, (key, delimiter)) in pattern.keys.enumerated() {
            let last = i == pattern.keys.count - 1
            if key.modifier == .append { return nil }
            if delimiter.isEmpty && !last { return nil }
            let body = last && delimiter.isEmpty ? ".*" : ".*?"
            if key.modifier == .skip || key.name.isEmpty {
                regex += "(?:\(body))"
            } else {
                if groups.contains(key.name) { return nil }
                groups.append(key.name)
                regex += "(\(body))"
            }
            if !delimiter.isEmpty {
                regex += key.rightPadding ? "(?:\(regexEscape(delimiter)))+" : regexEscape(delimiter)
            }
        }
        return (regex + "$", groups)
    }

    /// The regex with named groups `(?<n>...)` / `(?P<n>...)` made plain, and the 1-based
    /// number of each named group.
    static func numberedGroups(_ regex: String) -> (regex: String, numbers: [String: Int]) {
        let chars = Array(regex)
        var out = ""
        var numbers: [String: Int] = [:]
        var count = 0
        var i = 0
        var inClass = false
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count {
                out.append(c)
                out.append(chars[i + 1])
                i += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
                out.append(c)
                i += 1
                continue
            }
            if c == "[" {
                inClass = true
                out.append(c)
                i += 1
                continue
            }
            if c == "(" {
                if i + 1 < chars.count, chars[i + 1] == "?" {
                    var j = i + 2
                    if j < chars.count, chars[j] == "P" { j += 1 }
                    if j < chars.count, chars[j] == "<", j + 1 < chars.count, chars[j + 1] != "=", chars[j + 1] != "!" {
                        var k = j + 1
                        var name = ""
                        while k < chars.count, chars[k] != ">" {
                            name.append(chars[k])
                            k += 1
                        }
                        count += 1
                        if numbers[name] == nil { numbers[name] = count }
                        out.append("(")
                        i = k + 1
                        continue
                    }
                } else {
                    count += 1
                }
            }
            out.append(c)
            i += 1
        }
        return (out, numbers)
    }

    /// Why a regex uses a construct that RE2 (DuckDB, KQL) does not run, or nil.
    static func re2Problem(_ regex: String) -> String? {
        if regex.contains("(?=") || regex.contains("(?!") || regex.contains("(?<=") || regex.contains("(?<!") {
            return "RE2 has no lookaround"
        }
        let chars = Array(regex)
        for i in 0..<max(0, chars.count - 1) where chars[i] == "\\" && chars[i + 1].isNumber && chars[i + 1] != "0" {
            if i == 0 || chars[i - 1] != "\\" { return "RE2 has no back-references" }
        }
        return nil
    }

    /// A regex of the plan as an anchored Lucene regex (ES|QL `RLIKE`): the pattern, and whether
    /// the caller must lower-case the field (for `(?i)` or a case-insensitive match), or why not.
    static func lucene(_ regex: String, anchored: Bool, caseInsensitive: Bool) -> Result<(pattern: String, lowercase: Bool), LuceneProblem> {
        var r = Substring(regex)
        var lower = caseInsensitive
        if r.hasPrefix("(?i)") {
            lower = true
            r = r.dropFirst(4)
        }
        let chars = Array(r)
        var out = ""
        var startAnchor = anchored, endAnchor = anchored
        var i = 0
        var inClass = false
        while i < chars.count {
            let c = chars[i]
            if c == "\\" {
                guard i + 1 < chars.count else { return .failure(.init("a trailing backslash")) }
                let n = chars[i + 1]
                i += 2
                switch n {
                case "d": out += inClass ? "0-9" : "[0-9]"
                case "w": out += inClass ? "A-Za-z0-9_" : "[A-Za-z0-9_]"
                case "s": out += inClass ? " \\t\\n\\r" : "[ \\t\\n\\r]"
                case "t", "n", "r": out += "\\" + String(n)
                case _ where n.isLetter || n.isNumber:
                    return .failure(.init("the escape \\\(n)"))
                default: out += "\\" + String(n)
                }
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
                out.append(c)
                i += 1
                continue
            }
            switch c {
            case "[":
                inClass = true
                out.append(c)
            case "^":
                guard i == 0 else { return .failure(.init("`^` inside the pattern")) }
                startAnchor = true
            case "$":
                guard i == chars.count - 1 else { return .failure(.init("`$` inside the pattern")) }
                endAnchor = true
            case "(":
                if i + 1 < chars.count, chars[i + 1] == "?" {
                    if i + 2 < chars.count, chars[i + 2] == ":" {
                        out.append("(")
                        i += 3
                        continue
                    }
                    var j = i + 2
                    if j < chars.count, chars[j] == "P" { j += 1 }
                    if j < chars.count, chars[j] == "<", j + 1 < chars.count, chars[j + 1] != "=", chars[j + 1] != "!" {
                        while j < chars.count, chars[j] != ">" { j += 1 }
                        out.append("(")
                        i = j + 1
                        continue
                    }
                    return .failure(.init("the group `(?\(i + 2 < chars.count ? String(chars[i + 2]) : "")`"))
                }
                out.append(c)
            case "*", "+", "?", "}":
                out.append(c)
                // A lazy quantifier matches the same strings as a greedy one.
                if i + 1 < chars.count, chars[i + 1] == "?" { i += 1 }
            case "\"", "<", ">", "#", "@", "&", "~":
                out += "\\" + String(c)
            default:
                out.append(c)
            }
            i += 1
        }
        if !startAnchor { out = ".*" + out }
        if !endAnchor { out += ".*" }
        if lower {
            var lowered = ""
            var escape = false
            for ch in out {
                lowered += escape ? String(ch) : ch.lowercased()
                escape = !escape && ch == "\\"
            }
            out = lowered
        }
        return .success((out, lower))
    }

    /// Why a regex has no Lucene form.
    struct LuceneProblem: Error {
        var construct: String
        init(_ construct: String) { self.construct = construct }
    }
}
