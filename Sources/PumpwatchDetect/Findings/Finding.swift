import PumpwatchCore

/// One detection result with the evidence a person needs to act on it.
///
/// `entities` are the group keys (host, aid, ARN, IP, number block, country, ...); `evidence`
/// holds the numbers that made the rule fire (counts, thresholds, sample numbers, shares, cost,
/// window); `fields` is a query rule's own output row. Pairs keep their order for printing.
public struct Finding: Sendable {
    public var ruleID: String
    public var title: String
    public var severity: Severity
    /// 0–100.
    public var riskScore: Int
    /// ATT&CK technique ids (`T1496.003`).
    public var attack: [String]
    /// Epoch milliseconds of the first and last event behind the finding.
    public var firstSeen: Int64?
    public var lastSeen: Int64?
    /// How many events the finding summarises.
    public var count: Int
    public var entities: [(String, Value)]
    public var evidence: [(String, Value)]
    public var fields: [(String, Value)]
    /// The files the evidence came from.
    public var sources: [String]
    /// One sentence saying what was seen, with the numbers.
    public var summary: String

    public init(ruleID: String, title: String, severity: Severity, riskScore: Int? = nil, attack: [String], firstSeen: Int64?, lastSeen: Int64?, count: Int, entities: [(String, Value)], evidence: [(String, Value)] = [], fields: [(String, Value)] = [], sources: [String] = [], summary: String) {
        self.ruleID = ruleID
        self.title = title
        self.severity = severity
        self.riskScore = max(0, min(100, riskScore ?? severity.defaultRiskScore))
        self.attack = attack
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.count = count
        self.entities = entities
        self.evidence = evidence
        self.fields = fields
        self.sources = sources
        self.summary = summary
    }

    /// The value of an entity by name.
    public func entity(_ name: String) -> Value? {
        entities.first { $0.0 == name }?.1
    }

    /// Orders findings for people: severity, then risk score (both highest first), then time.
    public static func ranked(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.riskScore != b.riskScore { return a.riskScore > b.riskScore }
        let ta = a.firstSeen ?? .max, tb = b.firstSeen ?? .max
        if ta != tb { return ta < tb }
        return a.ruleID < b.ruleID
    }
}
