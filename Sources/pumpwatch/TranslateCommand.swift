import ArgumentParser
import Foundation
import PumpwatchDetect
import PumpwatchQuery
import PumpwatchTranslate

/// `pumpwatch translate`: writes a rule or query in another query language.
struct TranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Write a rule or query in ES|QL, LogScale, KQL, SPL, Sigma, DuckDB or Spark SQL.",
        discussion: """
            The query is planned with pumpwatch's own front end and the plan is written for the \
            target with the target's field mapping (Mappings/<target>.json; --mapping FILE \
            overrides entries). Where the target has no construct with the same meaning, the \
            translation is refused with "cannot translate <construct> to <target>: <reason>" and \
            exit code 2. Caveats are printed as comments at the top. A built-in detector's rule \
            translates to duckdb and spark through the detector's own SQL form, with the rule's \
            parameters; `pumpwatch rules list --engine spark` names the detectors that have none.
            """
    )

    @Argument(help: "The id of a rule in the pack (or in --rules folders).")
    var ruleID: String?

    @Option(name: .customLong("cql"), help: "A LogScale query.")
    var cqlText: String?

    @Option(name: .customLong("esql"), help: "An ES|QL query.")
    var esqlText: String?

    @Option(name: .customLong("file"), help: "A file holding the query (.cql or .esql).")
    var queryFile: String?

    @Option(name: .customLong("to"), help: "The target: esql, cql, kql, spl, sigma, duckdb or spark.")
    var to: String

    @Option(name: .customLong("mapping"), help: ArgumentHelp("A JSON field-mapping file whose entries override the target's.", valueName: "file"))
    var mappingFile: String?

    @Option(name: .customLong("rules"), help: ArgumentHelp("A folder of rule files to add (repeatable).", valueName: "dir"))
    var ruleDirectories: [String] = []

    func run() throws {
        guard let target = TranslationTarget(rawValue: to.lowercased()) else {
            throw ValidationError("unknown --to '\(to)': use " + TranslationTarget.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if let rule = try builtinRule() {
            do {
                FileHandle.standardOutput.write(Data(try BuiltinSQL.query(for: rule, target: target).utf8))
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(2)
            }
            return
        }
        let (text, language) = try resolveQuery()
        let plan: LogicalPlan
        do {
            plan = try language.plan(text)
        } catch {
            FileHandle.standardError.write(Data((error.rendered(query: text) + "\n").utf8))
            throw ExitCode(2)
        }
        var overrides: FieldMapping?
        if let mappingFile {
            do {
                overrides = try FieldMapping.load(path: mappingFile)
            } catch {
                throw ValidationError("--mapping \(error)")
            }
        }
        do {
            let output = try Translator.translate(plan, to: target, overrides: overrides)
            FileHandle.standardOutput.write(Data(output.utf8))
        } catch let error as TranslationError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// The rule named by RULE_ID when it is a built-in detector, which has SQL forms of its own.
    private func builtinRule() throws -> Rule? {
        guard let id = ruleID, cqlText == nil, esqlText == nil, queryFile == nil else { return nil }
        let (pack, errors) = RulePack.collect(directories: ruleDirectories)
        guard let rule = pack.rule(id: id) else {
            for e in errors { FileHandle.standardError.write(Data("error: \(e)\n".utf8)) }
            throw ValidationError("no rule with id '\(id)'")
        }
        return rule.language == .builtin ? rule : nil
    }

    private func resolveQuery() throws -> (String, QueryLanguage) {
        let given = [ruleID, cqlText, esqlText, queryFile].compactMap { $0 }
        guard given.count == 1 else { throw ValidationError("give exactly one of RULE_ID, --cql, --esql or --file") }
        if let cqlText { return (cqlText, .cql) }
        if let esqlText { return (esqlText, .esql) }
        if let path = queryFile {
            guard let language = QueryLanguage(fileExtension: (path as NSString).pathExtension) else {
                throw ValidationError("cannot tell the language of '\(path)': name it .cql or .esql")
            }
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("cannot read query file '\(path)'")
            }
            return (text, language)
        }
        let id = ruleID!
        let (pack, errors) = RulePack.collect(directories: ruleDirectories)
        guard let rule = pack.rule(id: id) else {
            for e in errors { FileHandle.standardError.write(Data("error: \(e)\n".utf8)) }
            throw ValidationError("no rule with id '\(id)'")
        }
        guard rule.language != .builtin, let query = rule.query, let language = QueryLanguage(rawValue: rule.language.rawValue) else {
            FileHandle.standardError.write(Data("error: cannot translate rule \(id) to \(to): built-in detector: needs its own SQL form\n".utf8))
            throw ExitCode(2)
        }
        return (query, language)
    }
}
