import PumpwatchCore
import PumpwatchDetect

/// What a hunt read, ran and found, printed after the findings in every format that has room for it.
public struct HuntSummary: Sendable {
    /// How many files were read.
    public var filesRead: Int
    /// How many events were read from each input format.
    public var eventsByFormat: [SourceFormat: Int]
    /// How many records could not be read.
    public var malformed: Int
    /// How many rules ran.
    public var rulesRun: Int
    /// How many findings each severity has, after suppression.
    public var findingsBySeverity: [Severity: Int]
    /// How many findings each suppression kind removed (`aid`, `ComputerName`, `arn`, `ip`, `prefix`, `path`).
    public var suppressedByKind: [String: Int]
    /// Epoch milliseconds of the earliest and latest event read.
    public var firstEvent: Int64?
    public var lastEvent: Int64?
    /// Wall-clock seconds the hunt took.
    public var elapsedSeconds: Double

    public init(filesRead: Int = 0, eventsByFormat: [SourceFormat: Int] = [:], malformed: Int = 0, rulesRun: Int = 0, findingsBySeverity: [Severity: Int] = [:], suppressedByKind: [String: Int] = [:], firstEvent: Int64? = nil, lastEvent: Int64? = nil, elapsedSeconds: Double = 0) {
        self.filesRead = filesRead
        self.eventsByFormat = eventsByFormat
        self.malformed = malformed
        self.rulesRun = rulesRun
        self.findingsBySeverity = findingsBySeverity
        self.suppressedByKind = suppressedByKind
        self.firstEvent = firstEvent
        self.lastEvent = lastEvent
        self.elapsedSeconds = elapsedSeconds
    }

    /// Counts findings per severity, for `findingsBySeverity`.
    public static func severityCounts(_ findings: [Finding]) -> [Severity: Int] {
        var counts: [Severity: Int] = [:]
        for f in findings { counts[f.severity, default: 0] += 1 }
        return counts
    }

    /// Events read across all formats.
    public var eventsRead: Int { eventsByFormat.values.reduce(0, +) }

    /// Findings across all severities.
    public var findingsTotal: Int { findingsBySeverity.values.reduce(0, +) }

    /// Findings removed by suppression across all kinds.
    public var suppressedTotal: Int { suppressedByKind.values.reduce(0, +) }

    /// The formats that produced events, in `SourceFormat` declaration order.
    public var eventCounts: [(SourceFormat, Int)] {
        SourceFormat.allCases.compactMap { f in eventsByFormat[f].map { (f, $0) } }
    }

    /// Findings per severity, most severe first, including severities with none.
    public var severityCounts: [(Severity, Int)] {
        Severity.allCases.reversed().map { ($0, findingsBySeverity[$0] ?? 0) }
    }

    /// Suppressions per kind, sorted by kind.
    public var suppressionCounts: [(String, Int)] {
        suppressedByKind.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The summary as a JSON object (snake_case keys, times in ISO 8601 UTC).
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("files_read", .int(Int64(filesRead))),
            ("events_read", .int(Int64(eventsRead))),
            ("events_by_format", .object(eventCounts.map { ($0.0.rawValue, .int(Int64($0.1))) })),
            ("malformed", .int(Int64(malformed))),
            ("rules_run", .int(Int64(rulesRun))),
            ("findings", .int(Int64(findingsTotal))),
            ("findings_by_severity", .object(severityCounts.map { ($0.0.rawValue, .int(Int64($0.1))) })),
            ("suppressed", .int(Int64(suppressedTotal))),
            ("suppressed_by_kind", .object(suppressionCounts.map { ($0.0, .int(Int64($0.1))) })),
        ]
        members.append(("first_event", firstEvent.map { .string(Timestamp.iso8601(millis: $0)) } ?? .null))
        members.append(("last_event", lastEvent.map { .string(Timestamp.iso8601(millis: $0)) } ?? .null))
        members.append(("elapsed_seconds", .double(elapsedSeconds.isFinite ? (elapsedSeconds * 1000).rounded() / 1000 : 0)))
        return .object(members)
    }
}
