import ArgumentParser
import Foundation
import Logging
import PumpwatchCore
import PumpwatchDetect
import PumpwatchLive
import PumpwatchOutput
import PumpwatchSources
import PumpwatchStore

/// `pumpwatch watch`: follows log files and folders and runs every rule on them continuously.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow log files and folders, run every rule continuously and store each finding as an alert.",
        discussion: """
            Follows new files appearing in folders (an S3 sync folder), lines appended to NDJSON and \
            access logs, and rotated files. The rules run on event time: windows close when the \
            watermark (the latest event time minus --lateness) passes them. After each pass that \
            read something the rules are evaluated; each new alert is printed once and stored, and \
            later passes update it. Read positions are saved in the store, so a restart goes on \
            where the last run stopped. The rules, --config and --suppress mean the same as in hunt.
            """
    )

    @Argument(help: "Files or folders to follow.")
    var paths: [String]

    @Option(help: "The store: a SQLite file path (sqlite:PATH) or postgres://USER@HOST:PORT/DB.")
    var db: String = "./pumpwatch.sqlite"

    @Option(name: .customLong("rules"), help: "A folder of your own rule files (repeatable).")
    var ruleDirectories: [String] = []

    @Option(help: "A pumpwatch.yml with thresholds, enabled rules and suppression lists (as for hunt).")
    var config: String?

    @Option(help: "A file of values to suppress, one per line.")
    var suppress: String?

    @Option(help: "How late an event may arrive and still count in its window (for example 5m).")
    var lateness: String = "5m"

    @Option(help: "Seconds between passes over the files.")
    var interval: Double = 2

    @Option(name: .customLong("dedup-window"), help: "How long a quiet spell may last before the same rule and entities make a new alert (for example 24h).")
    var dedupWindow: String = "24h"

    @Flag(help: "Read what is there, evaluate, store, print and exit (no following).")
    var once = false

    @Flag(help: "Stop at the first malformed record (exit code 2).")
    var strict = false

    func validate() throws {
        guard RuleParameters.parseDuration(lateness) != nil else { throw ValidationError("--lateness: expected a duration such as 5m") }
        guard RuleParameters.parseDuration(dedupWindow) != nil else { throw ValidationError("--dedup-window: expected a duration such as 24h") }
        guard interval > 0, interval <= 3600 else { throw ValidationError("--interval: expected seconds between 0 and 3600") }
    }

    func run() async throws {
        MallocTuning.returnLargeBlocksWhenFreed()
        let reporter = MalformedReporter()
        let hunt: ContinuousHunt
        do {
            let setup = try DetectionSetup(ruleDirectories: ruleDirectories, config: config, suppress: suppress, nowMillis: 0, nowIsExplicit: false)
            hunt = try ContinuousHunt(setup: setup, lateness: RuleParameters.parseDuration(lateness) ?? 300_000)
        } catch {
            reporter.fail(error)
            throw ExitCode(2)
        }
        let location: StoreURL
        do {
            location = try StoreURL(parsing: db)
        } catch {
            reporter.fail(error)
            throw ExitCode(2)
        }
        switch location {
        case .sqlite(let path):
            let store = try SQLiteStore.open(path: path)
            try await watch(hunt: hunt, store: store, reporter: reporter)
        case .postgres(let url):
            let store = try await PostgresStore.connect(url: url, logger: Logger(label: "pumpwatch"))
            do {
                try await watch(hunt: hunt, store: store, reporter: reporter)
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        }
    }

    private func watch<Store: PumpwatchStore>(hunt: ContinuousHunt, store: Store, reporter: MalformedReporter) async throws {
        let watcher = Watcher(paths: paths, hunt: hunt, store: store, dedupWindow: RuleParameters.parseDuration(dedupWindow) ?? 86_400_000)
        watcher.waitsForWholeFiles = !once
        let stop = StopSignal()
        let onMalformed: (MalformedRecord) -> Void = { record in
            reporter.report(record)
            if strict { stop.fatal = record }
        }
        _ = try await watcher.start(onMalformed: onMalformed)
        if watcher.replayedEvents > 0 {
            note("resumed: \(watcher.replayedEvents) events re-read up to the saved positions to rebuild the rules' windows")
        }
        note("watching \(paths.joined(separator: ", ")) with \(hunt.setup.rules.filter(\.enabled).count) rules; alerts go to \(db)")
        repeat {
            let pass = try await watcher.pass(at: StopSignal.nowMillis(), onAlert: { finding, alert in
                print(WatchCommand.line(finding, alert: alert))
            }, onMalformed: onMalformed)
            if let record = stop.fatal {
                reporter.fail(StrictModeError(record: record))
                throw ExitCode(2)
            }
            if pass.evaluated {
                note("read \(pass.poll.events) events from \(pass.poll.newFiles) new files; \(pass.findings) findings: \(pass.newAlerts) new alerts, \(pass.updatedAlerts) updated")
            }
            if once { break }
            try await stop.sleep(seconds: interval)
        } while !stop.stopped
        try await watcher.saveCheckpoint(at: StopSignal.nowMillis())
        reporter.summarize()
    }

    /// One printed line per new alert.
    static func line(_ finding: Finding, alert: AlertRecord) -> String {
        let entities = finding.entities.map { "\($0.0)=\($0.1.stringValue ?? "")" }.joined(separator: " ")
        let when = finding.firstSeen.map { Timestamp.iso8601(millis: $0) } ?? "-"
        return "ALERT \(alert.id) \(finding.severity.rawValue.uppercased()) \(finding.ruleID) \(when) \(entities) :: \(finding.summary)"
    }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data("watch: \(text)\n".utf8))
    }
}
