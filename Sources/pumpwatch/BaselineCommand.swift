import ArgumentParser
import Foundation
import PumpwatchCore
import PumpwatchGuard

/// `pumpwatch baseline`: learn what normal OTP traffic looks like.
struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Learn normal OTP traffic (countries, conversion, volumes) from historical logs.",
        subcommands: [Build.self]
    )

    /// `pumpwatch baseline build PATH... --out baseline.json`.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract: "Write a baseline JSON file that `guard replay --baseline` and the guard start warm from.",
            discussion: """
                Reads check requests and verifications (NDJSON), Twilio Messages pages, Twilio Event \
                Streams and Verify events, and SNS delivery logs. Learns the countries codes went to, \
                conversion per country and per prefix (when the logs hold verifications), and normal \
                daily and hourly volumes.
                """
        )

        @Argument(help: "Files or folders of historical logs (walked recursively).")
        var paths: [String] = []

        @Option(help: "The baseline JSON file to write.")
        var out: String

        @Option(help: "A guard policy YAML file, for its prefix length and verification window.")
        var config: String?

        func validate() throws {
            guard !paths.isEmpty else { throw ValidationError("give at least one file or folder to learn from") }
        }

        func run() throws {
            let reporter = MalformedReporter()
            var builder = BaselineBuilder()
            if let config {
                do {
                    builder = BaselineBuilder(policy: try PolicyLoader.load(path: config))
                } catch {
                    reporter.fail(error)
                    throw ExitCode(2)
                }
            }
            let baseline: GuardBaseline
            do {
                baseline = try builder.build(paths: paths, onMalformed: reporter.report)
            } catch {
                reporter.fail(error)
                throw ExitCode(2)
            }
            reporter.summarize()
            guard FileManager.default.createFile(atPath: out, contents: baseline.jsonData()) else {
                reporter.fail(BaselineError(path: out, reason: "cannot write the baseline file"))
                throw ExitCode(2)
            }
            let conversion = baseline.hasVerifications && baseline.sends > 0 ? String(format: "%.1f%%", Double(baseline.verified) / Double(baseline.sends) * 100) : "unknown"
            print("Baseline of \(baseline.sends) sends over \(baseline.days) days (\(baseline.start) to \(baseline.end)): \(baseline.countries.count) countries, \(baseline.prefixes.count) prefixes, conversion \(conversion); written to \(out)")
        }
    }
}
