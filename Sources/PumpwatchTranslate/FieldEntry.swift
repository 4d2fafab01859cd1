/// How one field of the plan is written on a target: a column name, an expression that derives
/// it, a constant, or a reason it does not exist there.
///
/// In a mapping file an entry is a JSON object:
/// `{"name": "EventName"}`, `{"name": "EventOutcome", "expression": "iff(...)"}`,
/// `{"expression": "CAST({record}->>'$.eventTime' AS TIMESTAMP)", "type": "datetime"}`,
/// `{"constant": "aws.cloudtrail"}` or `{"unavailable": "why"}`.
public struct FieldEntry: Sendable, Hashable, Codable {
    /// The type of the value on the target, where it matters for comparisons and casts.
    public enum ValueKind: String, Sendable, Hashable, Codable {
        case string, long, double, boolean, datetime, list
    }

    /// The column (or, with `expression` or `prelude`, the name the derived value gets).
    public var name: String?
    /// An expression in the target's language that computes the value; `{record}` stands for the
    /// raw-record column of SQL sources.
    public var expression: String?
    /// A stage, in the target's language, that sets `name` (Splunk's `spath`, LogScale's `writeJson()`).
    public var prelude: String?
    /// The value is the same for every event of the source (`event.dataset`).
    public var constant: String?
    /// The field has no equivalent on the target; the text says why.
    public var unavailable: String?
    public var type: ValueKind?
    /// `json`: the value is JSON text where ECS holds Java `Map.toString()` text, so only
    /// substring tests of plain words keep their meaning.
    public var text: String?
    /// Words that occur in the target's text form but not in ECS's (a wrapper object's keys).
    public var reserved: [String]?
    /// A caveat printed as a comment when the field is used.
    public var note: String?

    public init(name: String? = nil, expression: String? = nil, prelude: String? = nil, constant: String? = nil, unavailable: String? = nil, type: ValueKind? = nil, text: String? = nil, reserved: [String]? = nil, note: String? = nil) {
        self.name = name
        self.expression = expression
        self.prelude = prelude
        self.constant = constant
        self.unavailable = unavailable
        self.type = type
        self.text = text
        self.reserved = reserved
        self.note = note
    }

    /// True when the target's text differs from ECS's, so that only plain-word substring tests are kept.
    public var isSubstringOnly: Bool { text == "json" }
}
