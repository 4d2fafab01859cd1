import PumpwatchCore
import PumpwatchDetect

/// Writes one self-contained PySpark job that runs a list of rules where the data lives.
///
/// The job reads raw CloudTrail, Falcon, Twilio and SNS delivery JSON (local paths or any URI
/// Spark reads), sorts every record into a view per format (`SparkSourceTable`), runs each
/// rule's Spark SQL over those views, turns the rows into findings exactly as a local hunt does,
/// and writes them as NDJSON in pumpwatch's finding format. Rules without a Spark SQL form are
/// left out and listed, with the reason, in the job's header.
///
/// ```swift
/// let job = SparkJobGenerator(rules: pack.rules).generate()
/// try job.text.write(toFile: "pumpwatch-job.py", atomically: true, encoding: .utf8)
/// // spark-submit pumpwatch-job.py --output findings.ndjson s3a://logs/cloudtrail/
/// ```
public struct SparkJobGenerator: Sendable {
    /// The rules to run; disabled rules are skipped.
    public var rules: [Rule]

    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// How `now()` is written in the job's SQL: the job passes `--now` as the `now_ms` parameter.
    static let nowExpression = "timestamp_millis(:now_ms)"

    /// The job for the enabled rules.
    public func generate() -> SparkJob {
        var entries: [String] = []
        var ids: [String] = []
        var refusals: [SparkJobRefusal] = []
        for rule in rules where rule.enabled {
            switch Self.sql(for: rule) {
            case .success(let sql):
                entries.append(Self.entry(for: rule, sql: sql))
                ids.append(rule.id)
            case .failure(let refusal):
                refusals.append(refusal)
            }
        }
        var text = Self.header(ruleIDs: ids, refusals: refusals)
        text += "\n" + Self.classificationText() + "\n" + Self.timestampsText() + "\n"
        text += "RULES = [\n" + entries.joined() + "]\n\n"
        text += SparkJobRuntime.text + "\n"
        return SparkJob(text: text, ruleIDs: ids, refusals: refusals)
    }

    /// The Spark SQL a rule runs in the job, or why it has none.
    public static func sql(for rule: Rule) -> Result<String, SparkJobRefusal> {
        func refuse(_ reason: String) -> Result<String, SparkJobRefusal> { .failure(SparkJobRefusal(ruleID: rule.id, reason: reason)) }
        do {
            var sql: String
            if rule.language == .builtin {
                if let reason = BuiltinSQL.refusal(for: rule) { return refuse("built-in detector: " + reason) }
                sql = try BuiltinSQL.query(for: rule, target: .spark)
            } else {
                let (plan, _) = try RuleEvaluator.plan(for: rule)
                let generator = try Translator.generator(for: .spark, overrides: FieldMapping(now: nowExpression))
                sql = try generator.translate(plan)
            }
            while let last = sql.last, last == "\n" || last == ";" || last == " " { sql.removeLast() }
            return .success(sql)
        } catch let error as TranslationError {
            return refuse(error.description)
        } catch {
            return refuse("\(error)")
        }
    }

    // MARK: - Text

    static func header(ruleIDs: [String], refusals: [SparkJobRefusal]) -> String {
        var lines = [
            "#!/usr/bin/env python3",
            "# pumpwatch hunt as one PySpark job: \(ruleIDs.count) rule\(ruleIDs.count == 1 ? "" : "s") over raw CloudTrail, Falcon, Twilio and SNS delivery JSON.",
            "#",
            "#   spark-submit pumpwatch-job.py --output OUT [--now TIME] INPUT...",
            "#",
            "# INPUT is a file or a folder (read recursively), a local path or any URI Spark reads (s3a://,",
            "# hdfs://, abfss://); .gz files are decompressed by their extension. Each file is read whole",
            "# (spark.read.text with wholetext, so a file must fit in one task's memory) and split into",
            "# records in Python: a JSON document that wraps its records ({\"Records\": [...]} from CloudTrail,",
            "# a Twilio page's \"messages\", CloudWatch Logs \"logEvents\" or \"events\") gives its elements, a",
            "# JSON array gives its elements, and anything else gives one record per line (NDJSON). Files",
            "# that are not JSON are skipped; lines that do not parse are counted and listed as malformed.",
            "# Each record goes into the view of its format by its keys (CLASSIFICATION, first match wins),",
            "# and each rule's SQL reads those views with the record's JSON text in the column `value`.",
            "#",
            "# TIME (ISO 8601 or epoch milliseconds) is what now() returns; the wall clock by default.",
            "# OUT receives the findings as NDJSON, one object per line, as `pumpwatch hunt --format ndjson`",
            "# prints them; an OUT with a scheme (s3a://...) is written as a Spark text directory.",
            "# The last line on standard output is `pumpwatch-job-stats {...}`: records per view, files,",
            "# malformed records, the first and last event, the rules and the number of findings.",
            "#",
            "# Rules run on Spark:",
        ]
        lines += ruleIDs.isEmpty ? ["#   (none)"] : ruleIDs.map { "#   " + $0 }
        lines.append("# Rules not run on Spark:")
        lines += refusals.isEmpty ? ["#   (none)"] : refusals.map { "#   \($0.ruleID): \($0.reason)" }
        return lines.map { $0 + "\n" }.joined()
    }

    static func classificationText() -> String {
        var out = "# The view of each record: the first condition it meets, over its JSON text `value` and top-level `keys`.\n"
        out += "CLASSIFICATION = [\n"
        for table in SparkSourceTable.allCases {
            out += "    (\(PythonLiteral.string(table.tableName)), \(PythonLiteral.string(table.classification))),\n"
        }
        return out + "]\n"
    }

    /// The `@timestamp` expression of each view's records, from the Spark field mapping.
    static func timestampsText() -> String {
        var out = "# The event time of each view's records, for the first and last event of the run.\n"
        out += "TIMESTAMPS = {\n"
        let mapping = try? FieldMapping.builtIn(for: .spark)
        for table in SparkSourceTable.allCases {
            guard let source = mapping?.sources[table.format.rawValue], let e = source.fields?["@timestamp"]?.expression else { continue }
            let expression = e.replacingOccurrences(of: "{record}", with: source.record ?? "value")
            out += "    \(PythonLiteral.string(table.tableName)): \(PythonLiteral.string(expression)),\n"
        }
        return out + "}\n"
    }

    /// A rule's entry in `RULES`: what the findings carry, how its rows become findings, its SQL.
    static func entry(for rule: Rule, sql: String) -> String {
        let tables = rule.sources.compactMap { SourceFormat(rawValue: $0).flatMap(SparkSourceTable.init(format:))?.tableName }
        var lines = [
            "    {",
            "        \"id\": \(PythonLiteral.string(rule.id)),",
            "        \"title\": \(PythonLiteral.string(rule.title)),",
            "        \"severity\": \(PythonLiteral.string(rule.severity.rawValue)),",
            "        \"risk_score\": \(rule.effectiveRiskScore),",
            "        \"attack\": \(PythonLiteral.list(rule.attack)),",
            "        \"tables\": \(PythonLiteral.list(tables)),",
            "        \"kind\": \(PythonLiteral.string(rule.language == .builtin ? "builtin" : "query")),",
        ]
        if rule.language != .builtin {
            let m = rule.findingMapping ?? FindingMapping(entities: [])
            lines += [
                "        \"finding\": {",
                "            \"entities\": \(PythonLiteral.list(m.entities)),",
                "            \"count\": \(PythonLiteral.optional(m.count)),",
                "            \"first_seen\": \(PythonLiteral.optional(m.firstSeen)),",
                "            \"last_seen\": \(PythonLiteral.optional(m.lastSeen)),",
                "            \"window\": \(PythonLiteral.optional(m.window)),",
                "            \"window_ms\": \(m.windowMillis.map(String.init) ?? "None"),",
                "            \"severity_field\": \(PythonLiteral.optional(m.severityField)),",
                "            \"summary\": \(PythonLiteral.optional(m.summary)),",
                "        },",
            ]
        }
        lines.append("        \"sql\": \(PythonLiteral.block(sql)),")
        lines.append("    },")
        return lines.map { $0 + "\n" }.joined()
    }
}
