import ArgumentParser
import Foundation
import PumpwatchCore
import PumpwatchSimulate

/// `pumpwatch simulate`: writes a scenario's telemetry in the real formats of every source.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write realistic SMS-pumping telemetry (CloudTrail, Falcon, Twilio, SNS, web, CloudWatch) into a folder.",
        discussion: """
            Scenarios: \(Simulator.scenarios.map(\.name).joined(separator: ", ")). `--list` says what each holds.

            The benign baseline covers the whole window (7 days from --start); the attacks fall on its \
            last day. The same seed, scale and start always give byte-identical files. Files are written \
            as a real export lays them out: cloudtrail/AWSLogs/..., falcon/*.ndjson, twilio/messages-*.json, \
            twilio/events-*.json, sns-delivery/*.gz, web/access.log, appinsights/AppRequests.ndjson, \
            cloudwatch/sns-metrics.json.
            """
    )

    @Argument(help: "The scenario to write (see --list).")
    var scenario: String?

    @Option(name: .long, help: "The folder to write into; it is created, and must be empty if it exists.")
    var out: String?

    @Option(name: .long, help: "The random seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Multiplies the benign and campaign volume (1 gives a few MB; 1000 gives gigabytes).")
    var scale: Double = 1

    @Option(name: .long, help: "The start of the simulated week (ISO 8601).")
    var start: String = "2026-11-16T00:00:00Z"

    @Option(name: .long, help: "CloudTrail output: json-gz (S3 layout) or ndjson (one file per day).")
    var format: String = CloudTrailOutputFormat.jsonGzip.rawValue

    @Flag(name: .long, help: "List the scenarios and exit.")
    var list = false

    func validate() throws {
        if list { return }
        guard let scenario else { throw ValidationError("name a scenario, or pass --list") }
        guard Simulator.scenario(named: scenario) != nil else {
            throw ValidationError("unknown scenario '\(scenario)'; one of: \(Simulator.scenarios.map(\.name).joined(separator: ", "))")
        }
        guard out != nil else { throw ValidationError("--out is required") }
        guard Timestamp.parse(start) != nil else { throw ValidationError("--start must be an ISO 8601 time, such as 2026-11-16T00:00:00Z") }
        guard CloudTrailOutputFormat(rawValue: format) != nil else { throw ValidationError("--format must be json-gz or ndjson") }
        guard scale.isFinite, scale > 0 else { throw ValidationError("--scale must be above 0") }
    }

    func run() throws {
        if list {
            for s in Simulator.scenarios { print("\(s.name.padding(31))\(s.summary)") }
            return
        }
        guard let scenario, let out, let startMillis = Timestamp.parse(start), let cloudTrail = CloudTrailOutputFormat(rawValue: format) else { return }
        let options = SimulationOptions(outputDirectory: out, seed: seed, scale: scale, startMillis: startMillis, cloudTrailFormat: cloudTrail)
        let summary: SimulationSummary
        do {
            summary = try Simulator.run(scenarioNamed: scenario, options: options)
        } catch {
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        print("Simulated '\(summary.scenario)' (seed \(summary.seed), scale \(Value.format(double: summary.scale))) into \(summary.outputDirectory)")
        print("Window \(Timestamp.iso8601(millis: summary.windowStart)) to \(Timestamp.iso8601(millis: summary.windowEnd)); attacks on the day from \(Timestamp.iso8601(millis: summary.attackDayStart))")
        print("\("RECORDS".leftPadding(9))  \("BYTES".leftPadding(12))  PATH")
        for file in summary.files {
            print("\(String(file.records).leftPadding(9))  \(String(file.bytes).leftPadding(12))  \(file.path)")
        }
        print("\(String(summary.totalRecords).leftPadding(9))  \(String(summary.totalBytes).leftPadding(12))  total in \(summary.files.count) files")
    }
}

extension String {
    /// The string followed by spaces up to `width` characters.
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }

    /// The string preceded by spaces up to `width` characters.
    fileprivate func leftPadding(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
