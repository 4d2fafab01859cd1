import ArgumentParser
import Foundation
import PumpwatchCore
import PumpwatchDetect
import PumpwatchQuery
import PumpwatchSimulate
import PumpwatchSources

/// `pumpwatch demo`: simulates a week of telemetry with the attacks in it, then hunts it.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Simulate a week of telemetry with SMS-pumping attacks in it, and run the seed detections on it."
    )

    @Option(help: "The random seed of the simulated data.")
    var seed: UInt64 = 1

    @Option(help: "Keep the simulated files in this folder instead of a temporary one.")
    var keep: String?

    func run() throws {
        let dir = keep ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("pumpwatch-demo-\(getpid())")
        defer { if keep == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let summary: SimulationSummary
        do {
            summary = try Simulator.run(scenarioNamed: "all", options: SimulationOptions(outputDirectory: dir, seed: seed, scale: 1, startMillis: SimulationOptions.defaultStartMillis))
        } catch {
            throw ValidationError(error.description)
        }
        print("Simulated a week of telemetry with attacks on its last day: \(summary.totalRecords) records in \(summary.files.count) files.\n")

        // What the readers found, per format.
        var perFormat: [SourceFormat: (files: Int, events: Int, malformed: Int)] = [:]
        let reader = SourceReader(options: ReadOptions())
        let files = try reader.read(paths: [dir], onEvent: { _ in }, onMalformed: { _ in })
        for f in files {
            guard let format = f.format else { continue }
            var entry = perFormat[format] ?? (0, 0, 0)
            entry.files += 1
            entry.events += f.events
            entry.malformed += f.malformed
            perFormat[format] = entry
        }
        print("Sources found:")
        for format in SourceFormat.allCases {
            guard let e = perFormat[format] else { continue }
            print("  \(format.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)) \(String(e.files).leftPad(4)) files \(String(e.events).leftPad(8)) events \(String(e.malformed).leftPad(3)) malformed")
        }

        let seeds: [(String, QueryLanguage, String)] = [
            ("LogScale: Detect SMS Pumping (DNS lookups of SMS APIs, bursts of connections)", .cql, SeedQueries.logScale),
            ("ES|QL: SNS Direct-to-Phone Messaging Spike (more than 30 publishes in 10 s)", .esql, SeedQueries.snsDirectToPhone),
        ]
        for (title, language, text) in seeds {
            print("\n== \(title)")
            let plan = try language.plan(text)
            let runner = QueryRunner(plan: plan, dialect: language.dialect, nowMillis: summary.windowEnd)
            runner.showsProgress = false
            let result = try runner.run(paths: [dir], onMalformed: { _ in })
            if result.rows.isEmpty {
                print("  no rows")
            }
            for row in result.rows {
                let pairs = row.orderedPairs.filter { !$0.1.isNull }.map { "\($0.0)=\(ResultFormatter.text($0.1).replacingOccurrences(of: "\n", with: ","))" }
                print("  - " + pairs.joined(separator: " "))
            }
        }
    }
}

extension String {
    fileprivate func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
