import Foundation

/// A set of rules with unique ids: the built-in pack shipped with pumpwatch, plus the user's folders.
///
/// The built-in pack is the `Resources/Rules/*.yml` files bundled with the package (found from
/// any working directory); user folders are walked recursively for `.yml` and `.yaml` files.
/// Files load in sorted order, and two rules with one id are an error.
public struct RulePack: Sendable {
    public var rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// The rule with `id`, or `nil`.
    public func rule(id: String) -> Rule? {
        rules.first { $0.id == id }
    }

    /// The rules that are enabled.
    public var enabledRules: [Rule] {
        rules.filter(\.enabled)
    }

    /// The folder holding the built-in rule files, or `nil` when the resources are missing.
    public static var builtInDirectory: String? {
        Bundle.module.resourceURL?.appendingPathComponent("Rules").path
    }

    /// The built-in rules.
    public static func builtIn() throws(RuleError) -> RulePack {
        try load(directories: [])
    }

    /// The built-in rules (unless `includingBuiltIn` is false) and every rule under `directories`.
    /// Throws the first error; `collect(directories:includingBuiltIn:)` reports them all.
    public static func load(directories: [String], includingBuiltIn: Bool = true) throws(RuleError) -> RulePack {
        let (pack, errors) = collect(directories: directories, includingBuiltIn: includingBuiltIn)
        if let first = errors.first { throw first }
        return pack
    }

    /// Loads every rule it can and returns the others' errors, in file order, so a user sees them all at once.
    public static func collect(directories: [String], includingBuiltIn: Bool = true) -> (pack: RulePack, errors: [RuleError]) {
        var files: [String] = []
        var errors: [RuleError] = []
        if includingBuiltIn {
            if let dir = builtInDirectory {
                files += ruleFiles(in: dir, recursive: false)
            } else {
                errors.append(RuleError(key: "(rules)", reason: "the built-in rule pack is missing from the installation"))
            }
        }
        for dir in directories {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) {
                errors.append(RuleError(file: dir, key: "(rules)", reason: "no such folder"))
            } else if isDirectory.boolValue {
                files += ruleFiles(in: dir, recursive: true)
            } else {
                files.append(dir)
            }
        }
        var rules: [Rule] = []
        var seen: [String: String] = [:]
        for file in files {
            do throws(RuleError) {
                let rule = try RuleLoader.load(path: file)
                if let other = seen[rule.id] {
                    throw RuleError(file: file, key: "id", reason: "duplicate rule id '\(rule.id)', also defined in \(other)", line: idLine(file))
                }
                seen[rule.id] = file
                rules.append(rule)
            } catch {
                errors.append(error)
            }
        }
        return (RulePack(rules: rules), errors)
    }

    /// Config files that may sit beside rules and are not rules.
    static let configFileNames: Set<String> = ["pumpwatch.yml", "pumpwatch.yaml"]

    /// The `.yml` and `.yaml` files in `dir` (and below it when `recursive`), sorted by path,
    /// leaving out hidden files and `pumpwatch.yml`.
    static func ruleFiles(in dir: String, recursive: Bool) -> [String] {
        let fm = FileManager.default
        var out: [String] = []
        let folder = URL(fileURLWithPath: dir)
        let names: [String]
        if recursive {
            names = (fm.enumerator(atPath: dir)?.allObjects as? [String]) ?? []
        } else {
            names = (try? fm.contentsOfDirectory(atPath: dir)) ?? []
        }
        for name in names {
            let ext = (name as NSString).pathExtension.lowercased()
            guard ext == "yml" || ext == "yaml" else { continue }
            let base = (name as NSString).lastPathComponent
            guard !base.hasPrefix("."), !configFileNames.contains(base) else { continue }
            let path = folder.appendingPathComponent(name).path
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue { out.append(path) }
        }
        return out.sorted()
    }

    private static func idLine(_ file: String) -> Int? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.hasPrefix("id:") {
            return i + 1
        }
        return nil
    }
}
