/// The readings of a CQL string's text (see `CQLToken.text`): as a glob, as a plain value, and
/// as a regular expression.
///
/// In the token text an escaped star stays `\*` (a literal `*`), and a `\\` written right before
/// a `*` stays doubled (a literal backslash followed by a wildcard); every other backslash is a
/// literal backslash (or, in a regex, the regex's own escape).
enum CQLText {
    /// True when the text has a `*` wildcard (a star that is not escaped).
    static func hasWildcard(_ s: String) -> Bool {
        var escaped = false
        for c in s {
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "*" {
                return true
            }
        }
        return false
    }

    /// The text as the plan's glob syntax, where `\` escapes: wildcards stay `*`, a literal
    /// star becomes `\*` and a literal backslash `\\`.
    static func glob(_ s: String) -> String {
        var out = ""
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\" {
                let next = i + 1 < chars.count ? chars[i + 1] : nil
                if next == "*" {
                    out += "\\*"
                    i += 2
                    continue
                }
                out += "\\\\"
                i += next == "\\" ? 2 : 1
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// The text as a plain value: `\*` is a star and a doubled `\\` one backslash.
    static func literal(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out = ""
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1] == "*" || chars[i + 1] == "\\" {
                out.append(chars[i + 1])
                i += 2
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// The text of a regex written as a string (`regex("...")`, `replace("...")`): a doubled
    /// `\\` before `*` is one backslash again; other escapes are the regex's own.
    static func regex(_ s: String) -> String {
        s.replacingOccurrences(of: "\\\\*", with: "\\*")
    }
}
