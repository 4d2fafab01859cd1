import PumpwatchCore

/// One detection rule as content: metadata, the query or detector, tuning and inline tests.
///
/// Rules live one per YAML file under `Rules/` (the built-in pack) or a user's `--rules DIR`.
/// Code knows how to run a rule, never which rules exist.
public struct Rule: Sendable {
    public var id: String
    public var title: String
    public var description: String
    public var severity: Severity
    /// Overrides the severity's default risk score.
    public var riskScore: Int?
    /// ATT&CK technique ids, `T1496.003` first.
    public var attack: [String]
    /// The input formats the rule reads (`SourceFormat` raw values).
    public var sources: [String]
    public var language: RuleLanguage
    /// The query text for `cql` and `esql` rules, verbatim.
    public var query: String?
    /// The detector name for `builtin` rules.
    public var detector: String?
    public var parameters: RuleParameters
    /// How a query rule's result rows become findings.
    public var findingMapping: FindingMapping?
    public var falsePositives: [String]
    public var tuning: [String]
    public var references: [String]
    public var tests: [RuleTest]
    public var enabled: Bool
    /// The file the rule was loaded from.
    public var file: String?
    /// Where the query text starts in `file`: the line of its first line, and the column its
    /// lines start at. A position in the query maps to line `line + l - 1`, column `column + c - 1`.
    public var queryOrigin: SourceLocation?

    public init(id: String, title: String, description: String = "", severity: Severity, riskScore: Int? = nil, attack: [String] = ["T1496.003"], sources: [String] = [], language: RuleLanguage, query: String? = nil, detector: String? = nil, parameters: RuleParameters = RuleParameters(), findingMapping: FindingMapping? = nil, falsePositives: [String] = [], tuning: [String] = [], references: [String] = [], tests: [RuleTest] = [], enabled: Bool = true, file: String? = nil, queryOrigin: SourceLocation? = nil) {
        self.id = id
        self.title = title
        self.description = description
        self.severity = severity
        self.riskScore = riskScore
        self.attack = attack
        self.sources = sources
        self.language = language
        self.query = query
        self.detector = detector
        self.parameters = parameters
        self.findingMapping = findingMapping
        self.falsePositives = falsePositives
        self.tuning = tuning
        self.references = references
        self.tests = tests
        self.enabled = enabled
        self.file = file
        self.queryOrigin = queryOrigin
    }

    /// The risk score findings of this rule carry: `risk_score` when set, else the severity's default.
    public var effectiveRiskScore: Int {
        riskScore ?? severity.defaultRiskScore
    }
}

/// How the rows of a query rule become findings: which columns are the entities, the count,
/// the time range and the severity.
public struct FindingMapping: Sendable, Hashable {
    /// Columns that identify what the finding is about (`aid`, `ComputerName`, `DomainName`).
    public var entities: [String]
    /// The column holding the number of events (`EventCount`, `sms_message_count`).
    public var count: String?
    /// Columns holding the first and last time (epoch seconds, ms or ISO text), or a window start.
    public var firstSeen: String?
    public var lastSeen: String?
    /// A column holding the start of a fixed window (`target_time_window`) and the window length.
    public var window: String?
    public var windowMillis: Int64?
    /// A column whose value sets the severity (`RiskScore` with `Critical`/`High`/`Medium`).
    public var severityField: String?
    /// A sentence template; `{Column}` is replaced with the row's value.
    public var summary: String?

    public init(entities: [String], count: String? = nil, firstSeen: String? = nil, lastSeen: String? = nil, window: String? = nil, windowMillis: Int64? = nil, severityField: String? = nil, summary: String? = nil) {
        self.entities = entities
        self.count = count
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.window = window
        self.windowMillis = windowMillis
        self.severityField = severityField
        self.summary = summary
    }
}

/// An inline rule test: input events in a real format, and what the rule must report.
public struct RuleTest: Sendable {
    public var name: String
    /// The input records, in the named format (`cloudtrail`, `falcon`, ...), one JSON document
    /// or text line per element, after `repeat` expansion.
    public var format: SourceFormat
    public var records: [String]
    /// `now` for the test run (ISO 8601); defaults to the last event's time.
    public var now: String?
    /// How many findings the rule must report.
    public var expectedFindings: Int
    /// Entity values expected findings must carry: each map is a subset of the entities (or, for
    /// names that are not entities, the fields or evidence) of its own finding, in any order.
    public var expectedEntities: [[String: String]]
    /// Parameters that replace the rule's for this test only (a tuned threshold, a shorter window).
    public var parameters: RuleParameters
    /// The baseline and detection periods for this test, when not the defaults (7 days, 1 day).
    public var baselineMillis: Int64?
    public var detectionWindowMillis: Int64?
    /// The line in the rule file where the test starts.
    public var line: Int?
    /// Records of further formats, each written to a file of its own, for rules that join
    /// sources (CloudTrail publishes with SNS delivery logs).
    public var additionalInputs: [RuleTestInput]

    /// Every input of the test: `format` and `records` first, then `additionalInputs`.
    public var inputs: [RuleTestInput] {
        [RuleTestInput(format: format, records: records)] + additionalInputs
    }

    public init(name: String, format: SourceFormat, records: [String], now: String? = nil, expectedFindings: Int, expectedEntities: [[String: String]] = [], parameters: RuleParameters = RuleParameters(), baselineMillis: Int64? = nil, detectionWindowMillis: Int64? = nil, line: Int? = nil, additionalInputs: [RuleTestInput] = []) {
        self.name = name
        self.format = format
        self.records = records
        self.now = now
        self.expectedFindings = expectedFindings
        self.expectedEntities = expectedEntities
        self.parameters = parameters
        self.baselineMillis = baselineMillis
        self.detectionWindowMillis = detectionWindowMillis
        self.line = line
        self.additionalInputs = additionalInputs
    }
}
