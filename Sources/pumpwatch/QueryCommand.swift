import ArgumentParser
import Foundation
import PumpwatchCore
import PumpwatchDetect
import PumpwatchQuery

/// `pumpwatch query`: runs a LogScale (CQL) or ES|QL query over local log files.
struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a LogScale (CQL) or Elastic ES|QL query over local log files.",
        discussion: """
            The language comes from --cql/--esql or the --file extension (.cql, .esql). \
            FROM index patterns bind to the inputs of the matching format \
            (logs-aws.cloudtrail-* reads CloudTrail, in ECS form); CQL reads every event, \
            and a #event_simpleName filter narrows it to Falcon.
            """
    )

    @Option(name: .customLong("cql"), help: "A LogScale query.")
    var cqlText: String?

    @Option(name: .customLong("esql"), help: "An ES|QL query.")
    var esqlText: String?

    @Option(name: .customLong("file"), help: "A file holding the query (.cql or .esql).")
    var queryFile: String?

    @Argument(help: "Files or folders to read (walked recursively).")
    var paths: [String] = []

    @Option(help: "Output format: table, json, ndjson or csv.")
    var format: String = "table"

    @Option(help: "The time now() returns (ISO 8601), for reproducible results.")
    var now: String?

    @Flag(help: "Print the logical plan and exit without reading input.")
    var explain = false

    @Flag(help: "Stop at the first malformed record (exit code 2).")
    var strict = false

    func run() throws {
        let (text, language) = try resolveQuery()
        guard let outputFormat = ResultFormat(rawValue: format) else {
            throw ValidationError("unknown --format '\(format)': use table, json, ndjson or csv")
        }
        let plan: LogicalPlan
        do {
            plan = try language.plan(text)
        } catch {
            FileHandle.standardError.write(Data((error.rendered(query: text) + "\n").utf8))
            throw ExitCode(2)
        }
        if explain {
            print(PlanPrinter.print(plan))
            return
        }
        guard !paths.isEmpty else { throw ValidationError("give at least one file or folder to read (or --explain)") }
        let nowMillis = try NowOption.millis(now)
        let runner = QueryRunner(plan: plan, dialect: language.dialect, nowMillis: nowMillis)
        runner.strict = strict
        let reporter = MalformedReporter()
        let result: QueryRunner.Result
        // NDJSON is written row by row as the plan produces it; the other formats need every row.
        let streamed = outputFormat == .ndjson ? StreamedLines() : nil
        do {
            if let streamed {
                result = try runner.run(paths: paths, onMalformed: reporter.report) { streamed.write(JSONWriter.object($0.orderedPairs)) }
                streamed.flush()
            } else {
                result = try runner.run(paths: paths, onMalformed: reporter.report)
            }
        } catch {
            streamed?.flush()
            reporter.fail(error)
            throw ExitCode(2)
        }
        reporter.summarize()
        for w in result.warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
        if streamed == nil { FileHandle.standardOutput.write(Data(ResultFormatter.render(result.rows, as: outputFormat).utf8)) }
    }

    private func resolveQuery() throws -> (String, QueryLanguage) {
        let given = [cqlText, esqlText, queryFile].compactMap { $0 }
        guard given.count == 1 else { throw ValidationError("give exactly one of --cql, --esql or --file") }
        if let cqlText { return (cqlText, .cql) }
        if let esqlText { return (esqlText, .esql) }
        let path = queryFile!
        guard let language = QueryLanguage(fileExtension: (path as NSString).pathExtension) else {
            throw ValidationError("cannot tell the language of '\(path)': name it .cql or .esql")
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("cannot read query file '\(path)'")
        }
        return (text, language)
    }
}
