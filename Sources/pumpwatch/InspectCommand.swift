import ArgumentParser
import PumpwatchCore
import PumpwatchSources

/// `pumpwatch inspect`: lists each input file's format, event count, time range and malformed records.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show the detected format, event count, time range and malformed records of each file.",
        discussion: """
            Folders are walked recursively. Formats are detected from content, gzip from its magic \
            bytes. Malformed records are listed on stderr as path:line: malformed record: reason.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Argument(help: "Files or folders to read (walked recursively).")
    var paths: [String]

    @Option(help: "Output format: table or json (one object per file).")
    var format: OutputFormat = .table

    @Flag(help: "Stop at the first malformed record (exit code 2).")
    var strict = false

    func run() throws {
        var options = ReadOptions()
        options.strict = strict
        let reader = SourceReader(options: options)
        let malformed = MalformedReporter()
        let summaries: [FileSummary]
        do {
            summaries = try reader.read(paths: paths, onEvent: { _ in }, onMalformed: malformed.report)
        } catch let error as StrictModeError {
            InspectCommand.writeError("stopped at the first malformed record (--strict): \(error.record)")
            throw ExitCode(2)
        }
        malformed.summarize()
        let out = FileDescriptorWriter()
        switch format {
        case .table: InspectCommand.writeTable(summaries, to: out)
        case .json: InspectCommand.writeJSON(summaries, to: out)
        }
        out.flush()
    }

    static func time(_ ms: Int64?) -> String { ms.map { Timestamp.iso8601(millis: $0) } ?? "-" }

    static func writeTable(_ summaries: [FileSummary], to out: FileDescriptorWriter) {
        var rows: [[String]] = [["PATH", "FORMAT", "EVENTS", "FIRST", "LAST", "MALFORMED"]]
        var events = 0
        var bad = 0
        var first: Int64?
        var last: Int64?
        for s in summaries {
            rows.append([s.path, s.format?.rawValue ?? "-", String(s.events), time(s.first), time(s.last), String(s.malformed)])
            events += s.events
            bad += s.malformed
            if let f = s.first, first.map({ f < $0 }) ?? true { first = f }
            if let l = s.last, last.map({ l > $0 }) ?? true { last = l }
        }
        let files = summaries.count
        rows.append(["total (\(files) file\(files == 1 ? "" : "s"))", "", String(events), time(first), time(last), String(bad)])
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        let numeric: Set<Int> = [2, 5]
        for row in rows {
            var line = ""
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                if i > 0 { line += "  " }
                line += numeric.contains(i) ? pad + cell : (i == row.count - 1 ? cell : cell + pad)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out.writeLine(line)
        }
    }

    static func writeJSON(_ summaries: [FileSummary], to out: FileDescriptorWriter) {
        for s in summaries {
            out.writeLine(JSONWriter.object([
                ("path", .string(s.path)),
                ("format", s.format.map { .string($0.rawValue) } ?? .null),
                ("events", .int(Int64(s.events))),
                ("first", s.first.map { .string(Timestamp.iso8601(millis: $0)) } ?? .null),
                ("last", s.last.map { .string(Timestamp.iso8601(millis: $0)) } ?? .null),
                ("malformed", .int(Int64(s.malformed))),
            ]))
        }
    }

    /// Writes one line to standard error.
    static func writeError(_ text: String) {
        let err = FileDescriptorWriter(descriptor: 2)
        err.writeLine(text)
        err.flush()
    }
}
