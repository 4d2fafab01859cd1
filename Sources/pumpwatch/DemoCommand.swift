import ArgumentParser
import Foundation
import PumpwatchCore
import PumpwatchDetect
import PumpwatchOutput
import PumpwatchSimulate

/// `pumpwatch demo`: simulates a week of telemetry with the attacks in it, then hunts it.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Simulate a week of telemetry with SMS-pumping attacks in it, and hunt it with the whole rule pack."
    )

    @Option(help: "The random seed of the simulated data.")
    var seed: UInt64 = 1

    @Option(help: "Keep the simulated files in this folder (it must be new or empty) instead of a temporary one.")
    var keep: String?

    @Option(help: "Output: table, json, ndjson, ecs, ocsf or sarif.")
    var format: String = "table"

    @Option(help: "Also write the HTML report to this file.")
    var report: String?

    func validate() throws {
        guard FindingFormat(rawValue: format) != nil else { throw ValidationError("unknown --format '\(format)'") }
    }

    func run() throws {
        let dir = keep ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("pumpwatch-demo-\(getpid())")
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let summary: SimulationSummary
        do {
            summary = try Simulator.run(scenarioNamed: "all", options: SimulationOptions(outputDirectory: dir, seed: seed, scale: 1, startMillis: SimulationOptions.defaultStartMillis))
        } catch {
            throw ValidationError(error.description)
        }
        let note = """
            Simulated \(summary.totalRecords) records in \(summary.files.count) files: a benign week \
            (\(Timestamp.iso8601(millis: summary.windowStart).prefix(10)) to \(Timestamp.iso8601(millis: summary.windowEnd).prefix(10))) \
            with the seed's four attack tests and larger campaigns on its last day.
            Hunting it as `pumpwatch hunt \(keep ?? "DIR") --now \(Timestamp.iso8601(millis: summary.windowEnd))`:

            """
        FileHandle.standardError.write(Data(note.utf8))
        let hunt = try HuntCommand.parse([dir, "--now", Timestamp.iso8601(millis: summary.windowEnd), "--format", format] + (report.map { ["--report", $0] } ?? []))
        try hunt.run()
    }
}
