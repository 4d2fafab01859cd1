import Foundation
import PumpwatchCore
import PumpwatchDetect
import PumpwatchOutput
import PumpwatchTranslate

/// `hunt --engine spark` and `--emit-job`: runs the hunt's rules as one generated PySpark job
/// with `spark-submit` and reads the findings back, or writes the job for a scheduler.
struct SparkHunt {
    /// What a hunt read and found, from either engine, for the summary and the output.
    struct Result {
        var findings: [Finding]
        var filesRead: Int
        var eventsByFormat: [SourceFormat: Int]
        var malformed: Int
        var rulesRun: [String]
        var warnings: [String]
        var firstEvent: Int64?
        var lastEvent: Int64?

        init(findings: [Finding], filesRead: Int, eventsByFormat: [SourceFormat: Int], malformed: Int, rulesRun: [String], warnings: [String], firstEvent: Int64?, lastEvent: Int64?) {
            self.findings = findings
            self.filesRead = filesRead
            self.eventsByFormat = eventsByFormat
            self.malformed = malformed
            self.rulesRun = rulesRun
            self.warnings = warnings
            self.firstEvent = firstEvent
            self.lastEvent = lastEvent
        }

        /// A local hunt's result.
        init(_ local: HuntResult) {
            self.init(
                findings: local.findings, filesRead: local.files.count, eventsByFormat: local.eventsByFormat, malformed: local.malformed,
                rulesRun: local.rulesRun, warnings: local.warnings, firstEvent: local.firstEvent, lastEvent: local.lastEvent)
        }
    }

    /// `--spark-submit`: a path or a command name; nil searches PATH, then the pyspark package.
    var sparkSubmit: String?
    /// `--master`.
    var master = "local[*]"
    /// `--conf k=v` settings, passed on to spark-submit.
    var conf: [String] = []

    /// How many lines of spark-submit's standard error a failure shows.
    static let stderrTailLines = 40
    /// The job's last line on standard output, followed by its statistics as JSON.
    static let statsMarker = "pumpwatch-job-stats "

    /// Writes the job for `rules` to `path` and says on stderr which rules it leaves out.
    @discardableResult
    static func emit(rules: [Rule], to path: String) throws(SparkHuntError) -> SparkJob {
        let job = SparkJobGenerator(rules: rules).generate()
        do {
            try job.text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw .cannotWrite(path: path, reason: error.localizedDescription)
        }
        reportRefusals(job)
        FileHandle.standardError.write(Data("Spark job for \(job.ruleIDs.count) rule\(job.ruleIDs.count == 1 ? "" : "s") written to \(path)\n".utf8))
        return job
    }

    /// Runs the job over `paths` and returns the findings, ranked as a local hunt ranks them.
    ///
    /// `paths` are local paths or URIs; `now()` is `nowMillis`. With `strict`, malformed records
    /// fail the hunt once the job has listed them.
    func run(rules: [Rule], paths: [String], nowMillis: Int64, strict: Bool = false) throws(SparkHuntError) -> Result {
        let submit = try Self.locateSparkSubmit(sparkSubmit)
        let job = SparkJobGenerator(rules: rules).generate()
        Self.reportRefusals(job)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-spark-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(path: work.path, reason: error.localizedDescription)
        }
        defer { try? FileManager.default.removeItem(at: work) }
        let jobPath = work.appendingPathComponent("pumpwatch-job.py").path
        let findingsPath = work.appendingPathComponent("findings.ndjson").path
        do {
            try job.text.write(toFile: jobPath, atomically: true, encoding: .utf8)
        } catch {
            throw .cannotWrite(path: jobPath, reason: error.localizedDescription)
        }
        var arguments = ["--master", master]
        for c in conf { arguments += ["--conf", c] }
        arguments += [jobPath, "--output", findingsPath, "--now", String(nowMillis)]
        arguments += paths.map(Self.inputArgument)
        let (stdout, stderr, status) = try Self.launch(submit, arguments: arguments, in: work)
        guard status == 0 else {
            throw .jobFailed(status: status, stderrTail: Self.tail(stderr, lines: Self.stderrTailLines))
        }
        var stats: JSONValue = .object([])
        for line in stdout.split(separator: "\n") {
            if line.hasPrefix(Self.statsMarker) {
                stats = (try? JSONParser.parse(String(line.dropFirst(Self.statsMarker.count)))) ?? .object([])
            } else if line.hasPrefix("malformed: ") || line.hasPrefix("warning: ") {
                FileHandle.standardError.write(Data((line + "\n").utf8))
            }
        }
        if strict, case .int(let n)? = stats["malformed"], n > 0 { throw .malformedRecords(count: Int(n)) }
        let text: String
        do {
            text = try String(contentsOfFile: findingsPath, encoding: .utf8)
        } catch {
            throw .unreadableFindings(path: findingsPath, reason: error.localizedDescription)
        }
        var findings: [Finding]
        do {
            findings = try FindingDecoder.decode(ndjson: text, file: findingsPath)
        } catch {
            throw .unreadableFindings(path: findingsPath, reason: error.description)
        }
        for i in findings.indices { findings[i].sources = findings[i].sources.map { Self.displayPath($0, inputs: paths) } }
        findings.sort(by: Finding.ranked)
        var byFormat: [SourceFormat: Int] = [:]
        for (name, n) in stats["records"]?.objectMembers ?? [] {
            if let table = SparkSourceTable(rawValue: name), case .int(let count) = n { byFormat[table.format] = Int(count) }
        }
        func number(_ key: String) -> Int64? {
            if case .int(let i)? = stats[key] { return i }
            return nil
        }
        return Result(
            findings: findings, filesRead: Int(number("files") ?? 0), eventsByFormat: byFormat, malformed: Int(number("malformed") ?? 0),
            rulesRun: stats["rules"]?.arrayElements?.compactMap(\.string) ?? job.ruleIDs, warnings: [], firstEvent: number("first_event"), lastEvent: number("last_event"))
    }

    // MARK: - spark-submit

    /// The spark-submit to run: `explicit` (a path, or a name looked up on PATH), else
    /// `spark-submit` on PATH, else the one inside the pip `pyspark` package.
    static func locateSparkSubmit(_ explicit: String?) throws(SparkHuntError) -> String {
        var searched: [String] = []
        if let explicit {
            if explicit.contains("/") {
                if FileManager.default.isExecutableFile(atPath: explicit) { return explicit }
                throw .sparkSubmitNotFound(searched: [explicit])
            }
            if let found = onPath(explicit) { return found }
            throw .sparkSubmitNotFound(searched: ["\(explicit) on PATH"])
        }
        if let found = onPath("spark-submit") { return found }
        searched.append("spark-submit on PATH")
        let probe = onPath("python3").flatMap { python in
            try? launch(python, arguments: ["-c", "import os, pyspark; print(os.path.dirname(pyspark.__file__))"], in: nil)
        }
        if let probe, probe.2 == 0 {
            let candidate = probe.0.trimmingSpaces() + "/bin/spark-submit"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            searched.append(candidate)
        } else {
            searched.append("the pyspark package of python3")
        }
        throw .sparkSubmitNotFound(searched: searched)
    }

    static func onPath(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// A local input as an absolute path (spark-submit may run elsewhere); URIs as they are.
    static func inputArgument(_ path: String) -> String {
        if path.contains("://") { return path }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// A file under a relative input as the user wrote it (the job reads absolute paths).
    static func displayPath(_ path: String, inputs: [String]) -> String {
        for given in inputs where !given.contains("://") && !given.hasPrefix("/") {
            var root = inputArgument(given)
            while root.hasSuffix("/") { root.removeLast() }
            if path == root { return given }
            if path.hasPrefix(root + "/") { return (given.hasSuffix("/") ? given : given + "/") + path.dropFirst(root.count + 1) }
        }
        return path
    }

    /// Runs `executable` and returns its standard output and error and its exit status.
    static func launch(_ executable: String, arguments: [String], in directory: URL?) throws(SparkHuntError) -> (String, String, Int32) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("pumpwatch-launch-\(UUID().uuidString)")
        let outPath = scratch.path + ".out", errPath = scratch.path + ".err"
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        do {
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
            try process.run()
        } catch {
            throw .cannotStart(path: executable, reason: error.localizedDescription)
        }
        process.waitUntilExit()
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return (out, err, process.terminationStatus)
    }

    /// The last `lines` lines of spark-submit's output, without Spark's INFO log lines
    /// (`26/11/22 10:00:00 INFO SparkContext: ...`), which follow a failure while Spark shuts down.
    static func tail(_ text: String, lines: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: true)
            .filter { line in
                let parts = line.split(separator: " ", maxSplits: 3)
                return !(parts.count > 2 && parts[0].count == 8 && parts[0].contains("/") && parts[2] == "INFO")
            }
            .suffix(lines).joined(separator: "\n")
    }

    static func reportRefusals(_ job: SparkJob) {
        for r in job.refusals {
            FileHandle.standardError.write(Data("not run on Spark: \(r.ruleID): \(r.reason)\n".utf8))
        }
    }
}
