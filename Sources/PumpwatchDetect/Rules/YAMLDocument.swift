import PumpwatchCore
import Yams

/// Parses YAML text into its root node, turning Yams errors into a `ConfigError` with the line.
///
/// Rule files, the hunt config, guard policies and the server configuration all read YAML
/// through this one function; an empty document is an empty mapping.
public enum YAMLDocument {
    public static func root(_ text: String, file: String?) throws(ConfigError) -> Node {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw configError(error, file: file, text: text)
        } catch {
            throw ConfigError(file: file, key: "", reason: "not valid YAML: \(error)")
        }
        return root ?? Node([(Node, Node)]())
    }

    static func configError(_ error: YamlError, file: String?, text: String) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let what = context.map { "\($0.text) " } ?? ""
            let (line, column) = position(of: mark, in: text)
            return ConfigError(file: file, key: "", reason: "not valid YAML: \(what)\(problem) (column \(column))", line: line)
        case .reader(let problem, let offset, _, _):
            // Characters libyaml cannot read (control characters). Yams gives their offset in
            // Characters (a CR LF is one), which is turned back into a byte offset.
            guard let offset, let index = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex) else {
                return ConfigError(file: file, key: "", reason: "not valid YAML: \(problem)")
            }
            let (line, column) = position(ofOffset: text.utf8.distance(from: text.startIndex, to: index), in: text)
            return ConfigError(file: file, key: "", reason: "not valid YAML: \(problem) (column \(column))", line: line)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigError(
                file: file, key: "", reason: "duplicate key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", "))",
                line: position(of: context.mark, in: text).line)
        default:
            return ConfigError(file: file, key: "", reason: "not valid YAML: \(error)")
        }
    }

    /// The number of lines of `text` as YAML counts them. libyaml gives a node at the end of a text
    /// without a final line break a line one past the last; callers report that as the last line.
    public static func lineCount(_ text: String) -> Int {
        lineStarts(text).count
    }

    /// The line and column of `mark` in `text`. libyaml puts the end of a text that has no final
    /// line break on a line of its own, one past the last: that is the end of the last line.
    static func position(of mark: Mark, in text: String) -> (line: Int, column: Int) {
        let starts = lineStarts(text)
        guard mark.line > starts.count else { return (mark.line, mark.column) }
        return position(ofOffset: text.utf8.count, in: text)
    }

    /// The line and column (in Unicode scalars) of UTF-8 byte `offset`, lines counted as libyaml counts them.
    static func position(ofOffset offset: Int, in text: String) -> (line: Int, column: Int) {
        let bytes = Array(text.utf8)
        let end = min(max(0, offset), bytes.count)
        let starts = lineStarts(text)
        let line = starts.lastIndex { $0 <= end } ?? 0
        let column = 1 + bytes[starts[line]..<end].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return (line + 1, column)
    }

    /// The UTF-8 offsets at which the lines of `text` start, as YAML counts lines: each ends at
    /// LF, CR, CR LF, NEL (U+0085), LS (U+2028) or PS (U+2029).
    static func lineStarts(_ text: String) -> [Int] {
        let u = Array(text.utf8)
        var starts = [0]
        var i = 0
        while i < u.count {
            var length = 0
            switch u[i] {
            case 0x0A: length = 1
            case 0x0D: length = i + 1 < u.count && u[i + 1] == 0x0A ? 2 : 1
            case 0xC2 where i + 1 < u.count && u[i + 1] == 0x85: length = 2
            case 0xE2 where i + 2 < u.count && u[i + 1] == 0x80 && (u[i + 2] == 0xA8 || u[i + 2] == 0xA9): length = 3
            default: break
            }
            if length > 0 {
                i += length
                starts.append(i)
            } else {
                i += 1
            }
        }
        return starts
    }
}
