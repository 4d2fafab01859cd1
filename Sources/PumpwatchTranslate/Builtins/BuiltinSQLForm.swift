import PumpwatchDetect

/// The SQL form of one built-in detector: a query over the raw tables that gives, row for row,
/// the findings the detector gives, in the result columns `BuiltinSQL` documents.
public protocol BuiltinSQLForm {
    /// The detector's name, as rule files write it in `detector:` (`repeated-destination`).
    static var detectorName: String { get }
    /// The query for `rule`, with the rule's parameters (its tuning) applied.
    static func query(rule: Rule, dialect: BuiltinSQLDialect) throws(TranslationError) -> String
    /// The query with the baseline and detection-window lengths of `context` (`--baseline`,
    /// `--detection-window`); forms that judge no baseline ignore them.
    static func query(rule: Rule, dialect: BuiltinSQLDialect, context: DetectionContext) throws(TranslationError) -> String
}

extension BuiltinSQLForm {
    public static func query(rule: Rule, dialect: BuiltinSQLDialect, context: DetectionContext) throws(TranslationError) -> String {
        try query(rule: rule, dialect: dialect)
    }
}
