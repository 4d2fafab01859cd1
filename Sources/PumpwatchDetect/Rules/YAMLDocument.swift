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
            throw configError(error, file: file)
        } catch {
            throw ConfigError(file: file, key: "", reason: "not valid YAML: \(error)")
        }
        return root ?? Node([(Node, Node)]())
    }

    static func configError(_ error: YamlError, file: String?) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let what = context.map { "\($0.text) " } ?? ""
            return ConfigError(file: file, key: "", reason: "not valid YAML: \(what)\(problem) (column \(mark.column))", line: mark.line)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigError(
                file: file, key: "", reason: "duplicate key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", "))",
                line: context.mark.line)
        default:
            return ConfigError(file: file, key: "", reason: "not valid YAML: \(error)")
        }
    }
}
