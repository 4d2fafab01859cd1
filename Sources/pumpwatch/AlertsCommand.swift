import ArgumentParser
import Foundation
import GRDB
import Logging
import PumpwatchCore
import PumpwatchServer
import PumpwatchStore

/// `pumpwatch alerts`: lists, shows, acknowledges and resolves the alerts in the store that
/// `pumpwatch serve` and `pumpwatch watch` write.
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "List, show, acknowledge and resolve the alerts in the store.",
        discussion: """
            Reads the same store as `pumpwatch serve` and `pumpwatch watch` (--db: a SQLite file, \
            default ./pumpwatch.sqlite, or a postgres:// URL), and may run while they do. \
            A state change is recorded with who made it (--by, default $USER) and the note.
            """,
        subcommands: [List.self, Show.self, Acknowledge.self, Resolve.self]
    )

    /// `--db`: where the alerts are.
    struct StoreOption: ParsableArguments {
        @Option(help: ArgumentHelp("The store: a SQLite file (sqlite:PATH also reads) or a postgres:// URL.", valueName: "url"))
        var db: String = "./pumpwatch.sqlite"
    }

    /// `alerts list`: one line per alert, newest first.
    struct List: AsyncParsableCommand, StoreCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List alerts, most recently updated first.")

        @OptionGroup var store: StoreOption

        @Option(help: "Only alerts in this state: open, acknowledged or resolved.")
        var state: String?

        @Option(help: "Only alerts at or above this severity: info, low, medium, high or critical.")
        var severity: String?

        @Option(help: "Only alerts of this rule id.")
        var rule: String?

        @Option(help: "Only alerts updated since: ISO 8601, epoch seconds or milliseconds, or a duration ago (24h, 7d).")
        var since: String?

        @Option(help: "At most this many alerts (1 to 1000).")
        var limit: Int = 50

        @Option(help: "Output: table or json.")
        var format: String = "table"

        func filter(now: Int64) throws -> AlertFilter {
            var parameters: [(String, String)] = [("limit", String(limit))]
            if let state { parameters.append(("state", state)) }
            if let severity { parameters.append(("severity", severity)) }
            if let rule { parameters.append(("rule", rule)) }
            if let since { parameters.append(("since", since)) }
            do {
                return try AlertQuery.filter(parameters, now: now)
            } catch {
                throw ValidationError("--\(error.message)")
            }
        }

        func validate() throws {
            try AlertsCommand.checkFormat(format)
            _ = try filter(now: AlertsCommand.nowMillis())
        }

        func run() async throws { try await open() }

        func run<Store: PumpwatchStore>(with store: Store) async throws {
            let now = AlertsCommand.nowMillis()
            let alerts = try await store.alerts(matching: try filter(now: now))
            if format == "json" {
                print(AlertJSON.list(alerts))
            } else {
                print(AlertsCommand.table(alerts), terminator: "")
            }
        }
    }

    /// `alerts show ID`: one alert with its entities, evidence and history.
    struct Show: AsyncParsableCommand, StoreCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one alert: its entities, evidence and state history.")

        @OptionGroup var store: StoreOption

        @Argument(help: "The alert's id.")
        var id: Int64

        @Option(help: "Output: table or json.")
        var format: String = "table"

        func validate() throws {
            try AlertsCommand.checkID(id)
            try AlertsCommand.checkFormat(format)
        }

        func run() async throws { try await open() }

        func run<Store: PumpwatchStore>(with store: Store) async throws {
            guard let alert = try await store.alert(id: id) else { throw AlertsCommand.notFound(id) }
            let history = try await store.alertStateChanges(id: id)
            if format == "json" {
                print(AlertJSON.alert(alert, history: history))
            } else {
                print(AlertsCommand.detail(alert, history: history), terminator: "")
            }
        }
    }

    /// `alerts ack ID`: someone is on it.
    struct Acknowledge: AsyncParsableCommand, StoreCommand {
        static let configuration = CommandConfiguration(commandName: "ack", abstract: "Acknowledge an alert: someone is on it.")

        @OptionGroup var store: StoreOption
        @OptionGroup var change: StateChangeOptions

        func validate() throws { try change.validate() }
        func run() async throws { try await open() }

        func run<Store: PumpwatchStore>(with store: Store) async throws {
            try await change.apply(.acknowledged, in: store)
        }
    }

    /// `alerts resolve ID`: dealt with.
    struct Resolve: AsyncParsableCommand, StoreCommand {
        static let configuration = CommandConfiguration(commandName: "resolve", abstract: "Resolve an alert: it has been dealt with.")

        @OptionGroup var store: StoreOption
        @OptionGroup var change: StateChangeOptions

        func validate() throws { try change.validate() }
        func run() async throws { try await open() }

        func run<Store: PumpwatchStore>(with store: Store) async throws {
            try await change.apply(.resolved, in: store)
        }
    }

    /// The id, note and actor of a state change.
    struct StateChangeOptions: ParsableArguments {
        @Argument(help: "The alert's id.")
        var id: Int64

        @Option(help: "Why, or what was done.")
        var note: String?

        @Option(help: "Who made the change (default: $USER).")
        var by: String?

        @Option(help: "Output: table or json.")
        var format: String = "table"

        func validate() throws {
            try AlertsCommand.checkID(id)
            try AlertsCommand.checkFormat(format)
            if let note, note.count > AlertQuery.noteLimit { throw ValidationError("--note: at most \(AlertQuery.noteLimit) characters") }
            if let by, by.allSatisfy(\.isWhitespace) { throw ValidationError("--by: give a name") }
        }

        /// The actor: `--by`, else `$USER`, else `cli`.
        var actor: String {
            if let by { return by }
            if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
            return "cli"
        }

        func apply<Store: PumpwatchStore>(_ state: AlertState, in store: Store) async throws {
            let text = note.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
            guard let alert = try await store.setAlertState(id: id, to: state, by: actor, note: text, at: AlertsCommand.nowMillis()) else {
                throw AlertsCommand.notFound(id)
            }
            if format == "json" {
                print(AlertJSON.alert(alert, history: try await store.alertStateChanges(id: id)))
            } else {
                print("alert \(alert.id) \(state.rawValue) by \(actor): \(alert.draft.title)")
            }
        }
    }

    // MARK: - Output

    /// One line per alert, fitting 100 columns: id, severity, state, last update, rule, and the
    /// entities' values (or the title when there are none).
    static func table(_ alerts: [AlertRecord]) -> String {
        guard !alerts.isEmpty else { return "no alerts match\n" }
        let rows = alerts.map { a -> [String] in
            let entities = AlertJSON.pairs(a.draft.entities)?.map { AlertJSON.text($0.1) }.joined(separator: ", ") ?? ""
            return [
                String(a.id), a.draft.severity, a.state.rawValue, minute(a.updatedAt), a.draft.ruleID, String(a.draft.count),
                entities.isEmpty ? a.draft.title : entities,
            ]
        }
        let header = ["ID", "SEVERITY", "STATE", "UPDATED (UTC)", "RULE", "EVENTS", "ENTITIES"]
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated().dropLast() { widths[i] = min(max(widths[i], cell.count), 34) }
        }
        func line(_ cells: [String]) -> String {
            var out = ""
            for (i, cell) in cells.enumerated() {
                if i == cells.count - 1 {
                    out += clip(cell, to: max(12, 100 - out.count))
                } else {
                    let text = clip(cell, to: widths[i])
                    let pad = String(repeating: " ", count: widths[i] - text.count)
                    out += (i == 0 || i == 5 ? pad + text : text + pad) + "  "
                }
            }
            return out + "\n"
        }
        var out = line(header)
        for row in rows { out += line(row) }
        out += "\(alerts.count) alert\(alerts.count == 1 ? "" : "s")\n"
        return out
    }

    /// An alert for reading in a terminal.
    static func detail(_ alert: AlertRecord, history: [AlertStateChange]) -> String {
        let d = alert.draft
        var out = "#\(alert.id) \(d.title)\n"
        func field(_ name: String, _ value: String) {
            out += name.padding(toLength: 11, withPad: " ", startingAt: 0) + value + "\n"
        }
        field("severity", "\(d.severity) (risk \(d.riskScore))")
        var state = alert.state.rawValue
        if let by = alert.stateChangedBy, let at = alert.stateChangedAt { state += " by \(by) at \(minute(at)) UTC" }
        if let note = alert.note { state += ": \(note)" }
        field("state", state)
        field("rule", d.ruleID + (d.attack.isEmpty ? "" : "  ATT&CK " + d.attack.joined(separator: ", ")))
        var seen = ""
        if let first = d.firstSeen, let last = d.lastSeen { seen = "\(minute(first)) – \(minute(last)) UTC, " }
        field("seen", seen + "\(d.count) events, reported \(alert.occurrences) time\(alert.occurrences == 1 ? "" : "s")")
        field("raised", "\(minute(alert.createdAt)) UTC, updated \(minute(alert.updatedAt)) UTC")
        field("summary", d.summary)
        for (title, text) in [("entities", d.entities), ("evidence", d.evidence)] {
            out += title + "\n"
            if let pairs = AlertJSON.pairs(text) {
                let width = min(30, pairs.map(\.0.count).max() ?? 0)
                for (name, value) in pairs {
                    out += "  " + name.padding(toLength: max(width, name.count), withPad: " ", startingAt: 0) + "  " + AlertJSON.text(value) + "\n"
                }
            } else {
                out += "  \(text)\n"
            }
        }
        if !d.sources.isEmpty { field("sources", d.sources.joined(separator: ", ")) }
        out += "history\n"
        if history.isEmpty { out += "  no state changes\n" }
        for change in history {
            out += "  \(minute(change.changedAt))  \(change.state.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0))  \(change.changedBy)"
            if let note = change.note { out += "  \(note)" }
            out += "\n"
        }
        return out
    }

    /// `2026-11-27 10:02`.
    static func minute(_ millis: Int64) -> String {
        let iso = Timestamp.iso8601(millis: millis)
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5))
    }

    static func clip(_ text: String, to width: Int) -> String {
        let flat = text.map { $0.isNewline ? " " : $0 }
        return flat.count <= width ? String(flat) : String(flat.prefix(max(1, width - 1))) + "…"
    }

    // MARK: - Checks

    static func nowMillis() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    static func checkID(_ id: Int64) throws {
        guard id > 0 else { throw ValidationError("the alert id is a positive whole number") }
    }

    static func checkFormat(_ format: String) throws {
        guard format == "table" || format == "json" else { throw ValidationError("unknown --format '\(format)': use table or json") }
    }

    /// Exit code 1, after saying which alert is missing.
    static func notFound(_ id: Int64) -> ExitCode {
        FileHandle.standardError.write(Data("error: no alert with id \(id)\n".utf8))
        return ExitCode(1)
    }
}

/// A subcommand that works on the store of its `--db`.
protocol StoreCommand {
    var store: AlertsCommand.StoreOption { get }
    func run<Store: PumpwatchStore>(with store: Store) async throws
}

extension StoreCommand {
    /// Opens the store of `--db` and runs `run(with:)` on it: an existing SQLite file (never
    /// created here), or a PostgreSQL database. Exit code 2 for a bad `--db`, 1 when it cannot be opened.
    func open() async throws {
        let location: StoreURL
        do {
            location = try StoreURL(parsing: store.db)
        } catch {
            FileHandle.standardError.write(Data("error: --db: \(error)\n".utf8))
            throw ExitCode(2)
        }
        switch location {
        case .sqlite(let path):
            guard FileManager.default.fileExists(atPath: path) else {
                FileHandle.standardError.write(Data("error: --db: no store at \(path); give the file `pumpwatch serve` or `pumpwatch watch` writes\n".utf8))
                throw ExitCode(2)
            }
            let opened: SQLiteStore<DatabasePool>
            do {
                opened = try SQLiteStore.open(path: path)
            } catch {
                FileHandle.standardError.write(Data("error: cannot open the store \(path): \(error)\n".utf8))
                throw ExitCode(1)
            }
            try await run(with: opened)
        case .postgres(let url):
            var logger = Logger(label: "pumpwatch")
            logger.logLevel = .warning
            let opened: PostgresStore
            do {
                opened = try await PostgresStore.connect(url: url, logger: logger)
            } catch {
                FileHandle.standardError.write(Data("error: cannot connect to the store \(url.redacted): \(error)\n".utf8))
                throw ExitCode(1)
            }
            do {
                try await run(with: opened)
            } catch {
                await opened.close()
                throw error
            }
            await opened.close()
        }
    }
}
