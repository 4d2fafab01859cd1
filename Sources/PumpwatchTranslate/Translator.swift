import PumpwatchDetect
import PumpwatchQuery

/// Translates plans, queries and rules into each target's language with its field mapping.
///
/// ```swift
/// let plan = try QueryLanguage.esql.plan(SeedQueries.snsDirectToPhone)
/// print(try Translator.translate(plan, to: .kql))
/// ```
public enum Translator {
    /// The generator of a target, over its built-in mapping with `overrides` applied.
    public static func generator(for target: TranslationTarget, overrides: FieldMapping? = nil) throws(MappingError) -> Dialect {
        var mapping = try FieldMapping.builtIn(for: target)
        if let overrides { mapping = mapping.overriding(with: overrides) }
        switch target {
        case .esql: return ESQLGenerator(mapping: mapping)
        case .cql: return CQLGenerator(mapping: mapping)
        case .kql: return KQLGenerator(mapping: mapping)
        case .spl: return SPLGenerator(mapping: mapping)
        case .sigma: return SigmaGenerator(mapping: mapping)
        case .duckdb: return DuckDBGenerator(mapping: mapping)
        case .spark: return SparkSQLGenerator(mapping: mapping)
        }
    }

    /// The plan in the target's language; throws `TranslationError` or `MappingError`.
    public static func translate(_ plan: LogicalPlan, to target: TranslationTarget, overrides: FieldMapping? = nil) throws -> String {
        try generator(for: target, overrides: overrides).translate(plan)
    }

    /// Whether a rule runs on Spark: query rules whose plan translates to Spark SQL do; built-in
    /// detectors do when they have an SQL form (`BuiltinSQL`).
    public static func sparkSupport(for rule: Rule) -> (supported: Bool, reason: String) {
        guard rule.language != .builtin else {
            if let reason = BuiltinSQL.refusal(for: rule) { return (false, "built-in detector: " + reason) }
            do {
                _ = try BuiltinSQL.query(for: rule, target: .spark)
                return (true, "built-in detector with a Spark SQL form")
            } catch {
                return (false, "\(error)")
            }
        }
        do {
            let (plan, _) = try RuleEvaluator.plan(for: rule)
            _ = try translate(plan, to: .spark)
            return (true, "translates to Spark SQL")
        } catch let error as TranslationError {
            return (false, error.description)
        } catch {
            return (false, "\(error)")
        }
    }
}
