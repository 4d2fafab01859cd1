/// What a detection produced, before the store gives it an id.
///
/// Two drafts with the same `key` are the same alert: the store keeps one record and updates it.
public struct AlertDraft: Sendable, Equatable {
    /// The deduplication key: rule id, entities and window, built by the caller.
    public var key: String
    /// The rule that raised it.
    public var ruleID: String
    public var title: String
    /// `info`, `low`, `medium`, `high` or `critical` (see `AlertSeverity`).
    public var severity: String
    public var riskScore: Int
    /// ATT&CK technique ids (`T1496.003`).
    public var attack: [String]
    /// The first event behind the alert, epoch milliseconds.
    public var firstSeen: Int64?
    /// The last event behind the alert, epoch milliseconds.
    public var lastSeen: Int64?
    /// How many events matched.
    public var count: Int
    /// A JSON array of `[name, value]` pairs, in order; the store keeps it as it is.
    public var entities: String
    /// A JSON array of `[name, value]` pairs; the store keeps it as it is.
    public var evidence: String
    public var summary: String
    /// Where the events came from (files, streams).
    public var sources: [String]

    public init(
        key: String, ruleID: String, title: String, severity: String, riskScore: Int, attack: [String] = [], firstSeen: Int64?,
        lastSeen: Int64?, count: Int, entities: String, evidence: String, summary: String, sources: [String] = []
    ) {
        self.key = key
        self.ruleID = ruleID
        self.title = title
        self.severity = severity
        self.riskScore = riskScore
        self.attack = attack
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.count = count
        self.entities = entities
        self.evidence = evidence
        self.summary = summary
        self.sources = sources
    }
}
