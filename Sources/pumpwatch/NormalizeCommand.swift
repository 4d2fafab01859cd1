import ArgumentParser
import PumpwatchCore
import PumpwatchSources

/// `pumpwatch normalize`: prints the normalized events of the input files as NDJSON.
struct NormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Print the normalized events of log files as NDJSON.",
        discussion: """
            With --to ecs (the default) dotted field names are nested into ECS documents \
            ({"event": {"action": ...}}); --to flat keeps them as dotted keys. Malformed records \
            go to stderr as path:line: malformed record: reason.
            """
    )

    enum Shape: String, ExpressibleByArgument, CaseIterable {
        case ecs, flat
    }

    @Argument(help: "Files or folders to read (walked recursively).")
    var paths: [String]

    @Option(name: .customLong("to"), help: "Output shape: ecs (nested objects) or flat (dotted keys).")
    var shape: Shape = .ecs

    @Flag(help: "Stop at the first malformed record (exit code 2).")
    var strict = false

    func run() throws {
        var options = ReadOptions()
        options.strict = strict
        let reader = SourceReader(options: options)
        let malformed = MalformedReporter()
        let out = FileDescriptorWriter()
        let nested = shape == .ecs
        var line: [UInt8] = []
        do {
            _ = try reader.read(paths: paths, onEvent: { event in
                line.removeAll(keepingCapacity: true)
                EventJSONEncoder.append(event, nested: nested, to: &line)
                out.writeLine(bytes: line)
            }, onMalformed: malformed.report)
        } catch let error as StrictModeError {
            out.flush()
            InspectCommand.writeError("stopped at the first malformed record (--strict): \(error.record)")
            throw ExitCode(2)
        }
        out.flush()
        malformed.summarize()
    }
}
