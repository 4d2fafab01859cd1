import ArgumentParser
import Foundation
import PumpwatchCore
import PumpwatchDetect
import PumpwatchLive
import PumpwatchOutput

/// `pumpwatch hunt`: runs the detection pack over folders of logs and ranks what it finds.
struct HuntCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hunt",
        abstract: "Run every SMS-pumping rule over the logs under the given paths and rank the findings.",
        discussion: """
            Reads every source under the paths once, runs every enabled rule (the built-in pack plus \
            --rules folders), drops suppressed findings and prints the rest, ranked by severity, then \
            time. Exit code 0, or 3 with --fail-on when a finding at or above that severity exists.

            With --engine spark the rules that have a Spark SQL form run as one generated PySpark job \
            (spark-submit, on local paths or any URI Spark reads) and the findings print as a local hunt \
            prints them; the rules left out are listed on stderr. --emit-job FILE writes that job \
            without running it: spark-submit FILE --output OUT [--now TIME] INPUT...
            """
    )

    @Argument(help: "Files or folders to read (walked recursively).")
    var paths: [String] = []

    @Option(name: .customLong("rules"), help: "A folder of your own rule files (repeatable).")
    var ruleDirectories: [String] = []

    @Option(help: "A pumpwatch.yml with thresholds, enabled rules and suppression lists.")
    var config: String?

    @Option(help: "A file of values to suppress, one per line (IP or CIDR, ARN, +phone prefix, /path, host or aid).")
    var suppress: String?

    @Option(help: "How far back the baseline reaches before the detection window (for example 7d).")
    var baseline: String?

    @Option(name: .customLong("detection-window"), help: "The recent period judged against the baseline (for example 1d).")
    var detectionWindow: String?

    @Option(help: "Output: table, json, ndjson, ecs, ocsf or sarif.")
    var format: String = "table"

    @Option(help: "Also write a self-contained HTML report to this file.")
    var report: String?

    @Option(help: "The time now() returns and the end of the detection window (ISO 8601).")
    var now: String?

    @Option(name: .customLong("fail-on"), help: "Exit with code 3 when a finding at or above this severity exists (low, medium, high, critical).")
    var failOn: String?

    @Flag(help: "Stop at the first malformed record (exit code 2).")
    var strict = false

    @Option(help: "Where the rules run: local, or spark (one generated PySpark job run with spark-submit).")
    var engine: String = "local"

    @Option(name: .customLong("spark-submit"), help: "The spark-submit to run (default: spark-submit on PATH, else the pyspark package's).")
    var sparkSubmit: String?

    @Option(help: "The Spark master URL for --engine spark.")
    var master: String = "local[*]"

    @Option(name: .customLong("conf"), help: "A Spark setting k=v for --engine spark (repeatable).")
    var sparkConf: [String] = []

    @Option(name: .customLong("emit-job"), help: "Write the PySpark job for the enabled rules to this file and exit without running it.")
    var emitJob: String?

    func validate() throws {
        guard !paths.isEmpty || emitJob != nil else { throw ValidationError("give at least one file or folder to hunt in") }
        guard engine == "local" || engine == "spark" else { throw ValidationError("unknown --engine '\(engine)': use local or spark") }
        if let bad = sparkConf.first(where: { !$0.contains("=") }) { throw ValidationError("--conf '\(bad)': expected k=v") }
        guard FindingFormat(rawValue: format) != nil else { throw ValidationError("unknown --format '\(format)': use table, json, ndjson, ecs, ocsf or sarif") }
        if let failOn, Severity(loose: failOn) == nil { throw ValidationError("--fail-on must be low, medium, high or critical") }
    }

    func run() throws {
        MallocTuning.returnLargeBlocksWhenFreed()
        let started = Date()
        let reporter = MalformedReporter()
        let prepared: HuntPreparation
        do {
            prepared = try HuntPreparation(ruleDirectories: ruleDirectories, config: config, suppress: suppress, baseline: baseline, detectionWindow: detectionWindow, now: now)
        } catch let error as RuleError {
            reporter.fail(error)
            throw ExitCode(2)
        }
        if let emitJob {
            do {
                try SparkHunt.emit(rules: prepared.engine.rules, to: emitJob)
            } catch {
                reporter.fail(error)
                throw ExitCode(2)
            }
            return
        }
        let result: SparkHunt.Result
        do {
            if engine == "spark" {
                let spark = SparkHunt(sparkSubmit: sparkSubmit, master: master, conf: sparkConf)
                result = try spark.run(rules: prepared.engine.rules, paths: paths, nowMillis: prepared.engine.context.nowMillis, strict: strict)
            } else {
                result = SparkHunt.Result(try prepared.engine.run(paths: paths, strict: strict, onMalformed: reporter.report))
            }
        } catch {
            reporter.fail(error)
            throw ExitCode(2)
        }
        reporter.summarize()
        for w in result.warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
        let (kept, suppressed) = prepared.suppression.filter(result.findings)
        let summary = HuntSummary(
            filesRead: result.filesRead, eventsByFormat: result.eventsByFormat, malformed: result.malformed,
            rulesRun: result.rulesRun.count, findingsBySeverity: HuntSummary.severityCounts(kept),
            suppressedByKind: Dictionary(uniqueKeysWithValues: suppressed.map { ($0.key.rawValue, $0.value) }),
            firstEvent: result.firstEvent, lastEvent: result.lastEvent, elapsedSeconds: Date().timeIntervalSince(started))
        FileHandle.standardOutput.write(Data(FindingFormatter.render(kept, as: FindingFormat(rawValue: format)!, summary: summary).utf8))
        if let report {
            let timelines = try TimelineBuilder.build(findings: kept, paths: paths.filter { !$0.contains("://") }, key: HTMLReport.timelineKey(for:))
            let html = HTMLReport.render(kept, summary: summary, timelines: timelines)
            do {
                try html.write(toFile: report, atomically: true, encoding: .utf8)
            } catch {
                throw ValidationError("cannot write the report to \(report): \(error.localizedDescription)")
            }
            FileHandle.standardError.write(Data("report written to \(report)\n".utf8))
        }
        if let failOn, let threshold = Severity(loose: failOn), kept.contains(where: { $0.severity >= threshold }) {
            throw ExitCode(3)
        }
    }
}

/// The rules, tuning and suppression a hunt runs with, from the pack, `--rules`, `--config` and `--suppress`.
struct HuntPreparation {
    let engine: HuntEngine
    let suppression: Suppression

    init(ruleDirectories: [String], config: String?, suppress: String?, baseline: String?, detectionWindow: String?, now: String?) throws {
        let setup = try DetectionSetup(
            ruleDirectories: ruleDirectories, config: config, suppress: suppress, baseline: baseline, detectionWindow: detectionWindow,
            nowMillis: try NowOption.millis(now), nowIsExplicit: now != nil)
        engine = try setup.engine()
        suppression = setup.suppression
    }
}
