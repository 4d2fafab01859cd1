import ArgumentParser
import Foundation
import PumpwatchCore
import PumpwatchGuard

/// `pumpwatch guard`: the send-path guard's offline tools.
struct GuardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guard",
        abstract: "Decide before an SMS is sent: replay recorded traffic through a guard policy.",
        subcommands: [Replay.self]
    )

    /// `pumpwatch guard replay`: what a policy would have done to recorded traffic.
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replay",
            abstract: "Run recorded OTP traffic through the guard in event-time order and report what the policy would have done.",
            discussion: """
                Input: NDJSON check requests (the /v1/check body plus "time") and verifications \
                ({"type": "verified", "id" or "to", "time"}), Twilio Messages pages, Twilio Event Streams \
                (message and Verify events) and SNS delivery logs; provider logs carry no client address, \
                so the address signals stay silent for them. The summary gives sends blocked and \
                challenged, money saved by the price table, legitimate sends blocked (a send is \
                legitimate when its number verified within the verification window) and the top \
                reasons. --format ndjson prints one decision per request, then the summary with \
                "summary": true.
                """
        )

        @Argument(help: "Files or folders to replay (walked recursively).")
        var paths: [String] = []

        @Option(help: "A guard policy YAML file (default: the standard policy).")
        var config: String?

        @Option(help: "A baseline JSON file from `pumpwatch baseline build`.")
        var baseline: String?

        @Option(help: "Output: table or ndjson.")
        var format: String = "table"

        @Option(help: "Override the policy's mode: enforce or monitor.")
        var mode: String?

        @Flag(help: "Stop at the first malformed record (exit code 2).")
        var strict = false

        func validate() throws {
            guard !paths.isEmpty else { throw ValidationError("give at least one file or folder to replay") }
            guard ["table", "ndjson"].contains(format) else { throw ValidationError("unknown --format '\(format)': use table or ndjson") }
            if let mode, GuardMode(rawValue: mode) == nil { throw ValidationError("--mode must be enforce or monitor") }
        }

        func run() throws {
            let reporter = MalformedReporter()
            var policy: GuardPolicy
            var learnt: GuardBaseline?
            do {
                policy = try config.map { path throws(PolicyError) in try PolicyLoader.load(path: path) } ?? GuardPolicy()
                learnt = try baseline.map { path throws(BaselineError) in try GuardBaseline.load(path: path) }
            } catch {
                reporter.fail(error)
                throw ExitCode(2)
            }
            if let mode { policy.mode = GuardMode(rawValue: mode) ?? policy.mode }
            let input: ReplayInput
            do {
                input = try ReplayInput.read(paths: paths, strict: strict, onMalformed: reporter.report)
            } catch {
                reporter.fail(error)
                throw ExitCode(2)
            }
            reporter.summarize()
            let runner = ReplayRunner(policy: policy, baseline: learnt)
            if format == "ndjson" {
                var out = BufferedOutput()
                let summary = runner.run(input.records) { out.line(ReplayReport.decisionLine($0)) }
                out.line(ReplayReport.summaryLine(summary))
                out.flush()
            } else {
                print(ReplayReport.table(runner.run(input.records)))
            }
        }
    }
}

/// Standard output through a buffer, for many short lines.
struct BufferedOutput {
    private var buffer = ""

    mutating func line(_ s: String) {
        buffer += s
        buffer += "\n"
        if buffer.utf8.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        FileHandle.standardOutput.write(Data(buffer.utf8))
        buffer = ""
    }
}
