import ArgumentParser
import Foundation
import PumpwatchCore
import PumpwatchDetect
import PumpwatchTranslate

/// `pumpwatch rules`: lists, shows, lints and tests the detection rules.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List, show, lint and test the detection rules.",
        discussion: """
            The built-in pack ships with pumpwatch (the Rules folder of the source tree); \
            --rules DIR adds a folder of your own rule files (.yml, walked recursively) and \
            --config FILE applies pumpwatch.yml's overrides.
            """,
        subcommands: [List.self, Show.self, Lint.self, Test.self]
    )

    /// The options every `rules` subcommand takes: where the rules come from and the config.
    struct Selection: ParsableArguments {
        @Option(name: .customLong("rules"), help: ArgumentHelp("A folder of rule files to add (repeatable).", valueName: "dir"))
        var directories: [String] = []

        @Option(help: ArgumentHelp("A pumpwatch.yml whose rule overrides to apply.", valueName: "file"))
        var config: String?

        /// The rules with the config applied; load errors are printed and end the run with exit code 2.
        func rules() throws -> [Rule] {
            let (pack, errors) = RulePack.collect(directories: directories)
            for e in errors { RulesCommand.printError("error: \(e)") }
            if !errors.isEmpty { throw ExitCode(2) }
            guard let config else { return pack.rules }
            do {
                return try ConfigLoader.load(path: config, rules: pack.rules).apply(to: pack.rules)
            } catch {
                RulesCommand.printError("error: \(error)")
                throw ExitCode(2)
            }
        }
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// `rules list`: one line per rule.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the rules: id, severity, language, sources and title.")

        @OptionGroup var selection: Selection

        @Option(help: "Output format: table or json.")
        var format: String = "table"

        @Option(help: "List which rules run on this engine, and why the others cannot (spark).")
        var engine: String?

        func run() throws {
            guard format == "table" || format == "json" else { throw ValidationError("unknown --format '\(format)': use table or json") }
            let rules = try selection.rules()
            if let engine {
                guard engine == "spark" else { throw ValidationError("unknown --engine '\(engine)': use spark") }
                for r in rules {
                    let support = Translator.sparkSupport(for: r)
                    print("\(r.id.padding(toLength: 34, withPad: " ", startingAt: 0)) \(support.supported ? "runs on Spark" : "cannot run on Spark: \(support.reason)")")
                }
                return
            }
            if format == "json" {
                let items: [JSONValue] = rules.map { r in
                    .object([
                        ("id", .string(r.id)), ("title", .string(r.title)), ("severity", .string(r.severity.rawValue)),
                        ("risk_score", .int(Int64(r.effectiveRiskScore))), ("language", .string(r.language.rawValue)),
                        ("sources", .array(r.sources.map { .string($0) })), ("attack", .array(r.attack.map { .string($0) })),
                        ("enabled", .bool(r.enabled)), ("tests", .int(Int64(r.tests.count))), ("file", r.file.map { .string($0) } ?? .null),
                    ])
                }
                print(JSONWriter.serialize(.array(items)))
                return
            }
            print(RulesCommand.table(rules))
        }
    }

    /// The rules as a table that fits 100 columns; disabled rules say so after their title.
    static func table(_ rules: [Rule], width: Int = 100) -> String {
        func fit(_ s: String, _ w: Int) -> String {
            if s.count <= w { return s + String(repeating: " ", count: w - s.count) }
            return String(s.prefix(max(0, w - 1))) + "…"
        }
        let idW = min(34, max(2, rules.map(\.id.count).max() ?? 0))
        let sevW = 8
        let langW = 7
        let srcW = min(24, max(7, rules.map { $0.sources.joined(separator: ",").count }.max() ?? 0))
        let titleW = max(20, width - idW - sevW - langW - srcW - 8)
        var lines = [
            [fit("ID", idW), fit("SEVERITY", sevW), fit("LANG", langW), fit("SOURCES", srcW), "TITLE"].joined(separator: "  ")
        ]
        for r in rules {
            let suffix = r.enabled ? "" : " (disabled)"
            let row = [
                fit(r.id, idW), fit(r.severity.rawValue, sevW), fit(r.language.rawValue, langW), fit(r.sources.joined(separator: ","), srcW),
                fit(r.title, titleW - suffix.count) + suffix,
            ]
            lines.append(row.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
        }
        lines.append("\(rules.count) rule\(rules.count == 1 ? "" : "s"), \(rules.filter(\.enabled).count) enabled")
        return lines.joined(separator: "\n")
    }

    /// `rules show ID`: the rule file, with the config's changes noted.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a rule in full.")

        @Argument(help: "The rule id.")
        var id: String

        @OptionGroup var selection: Selection

        func run() throws {
            let rules = try selection.rules()
            guard let rule = rules.first(where: { $0.id == id }) else {
                RulesCommand.printError("error: no rule with id '\(id)'; run 'pumpwatch rules list' for the ids")
                throw ExitCode(2)
            }
            let original = RulePack.collect(directories: selection.directories).pack.rule(id: id)
            if let file = rule.file, let text = try? String(contentsOfFile: file, encoding: .utf8) {
                print("# \(file)")
                print(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            } else {
                print("id: \(rule.id)\ntitle: \(rule.title)\nseverity: \(rule.severity.rawValue)\nlanguage: \(rule.language.rawValue)")
            }
            if let original, let config = selection.config {
                var changes: [String] = []
                if original.enabled != rule.enabled { changes.append("enabled: \(rule.enabled)") }
                if original.severity != rule.severity { changes.append("severity: \(rule.severity.rawValue)") }
                if original.effectiveRiskScore != rule.effectiveRiskScore { changes.append("risk_score: \(rule.effectiveRiskScore)") }
                for (k, v) in rule.parameters.values.sorted(by: { $0.key < $1.key }) where original.parameters.values[k] != v {
                    changes.append("parameters.\(k): \(JSONWriter.serialize(v))")
                }
                if !changes.isEmpty {
                    print("# \(config) changes: " + changes.joined(separator: "; "))
                }
            }
        }
    }

    /// `rules lint`: LogScale compatibility warnings for CQL rules.
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint",
            abstract: "Name the constructs in CQL rules that would not run on LogScale.",
            discussion: "Warnings do not fail the run (exit 0); a rule that does not load or parse exits 2.")

        @OptionGroup var selection: Selection

        func run() throws {
            let rules = try selection.rules()
            var warnings = 0
            var failed = false
            let cql = rules.filter { $0.language == .cql }
            for rule in cql {
                do {
                    for w in try RuleLinter.lint(rule) {
                        print(w.description)
                        warnings += 1
                    }
                } catch {
                    RulesCommand.printError("error: \(error)")
                    failed = true
                }
            }
            RulesCommand.printError("\(warnings) warning\(warnings == 1 ? "" : "s") in \(cql.count) CQL rule\(cql.count == 1 ? "" : "s")")
            if failed { throw ExitCode(2) }
        }
    }

    /// `rules test`: every inline test of every rule.
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Run the rules' inline tests.",
            discussion: "Prints ok or FAIL per test, then the totals; exits 1 when a test fails.")

        @Argument(help: "Rule ids to test (default: all).")
        var ids: [String] = []

        @OptionGroup var selection: Selection

        func run() throws {
            var rules = try selection.rules()
            if !ids.isEmpty {
                for id in ids where !rules.contains(where: { $0.id == id }) {
                    RulesCommand.printError("error: no rule with id '\(id)'")
                    throw ExitCode(2)
                }
                rules = rules.filter { ids.contains($0.id) }
            }
            var passed = 0
            var failed = 0
            for rule in rules {
                if rule.tests.isEmpty {
                    print("none \(rule.id): no inline tests")
                    continue
                }
                for result in RuleTestRunner.run(rule) {
                    if result.passed {
                        passed += 1
                        print("ok   \(rule.id): \(result.name)")
                    } else {
                        failed += 1
                        print("FAIL \(rule.id): \(result.name)")
                        let place = [result.file, result.line.map(String.init)].compactMap { $0 }.joined(separator: ":")
                        for f in result.failures { print("     \(place.isEmpty ? "" : place + ": ")\(f)") }
                    }
                }
            }
            print("\(passed) passed, \(failed) failed")
            if failed > 0 { throw ExitCode(1) }
        }
    }
}
