import Foundation
import PumpwatchCore
import PumpwatchQuery
import PumpwatchSources

/// Runs every enabled rule over the same input in one pass and collects their findings.
///
/// Query rules each get an executor; built-in rules each get a detector. The reader extracts
/// the union of the fields the rules need, from the formats they read, so an event is parsed
/// once whatever the number of rules.
///
/// A file hunt calls `finish()` once at the end. An endless stream (`watch`, `serve`) calls
/// `evaluate()` whenever it wants the findings so far and keeps calling `observe(_:)`: the
/// findings are those `finish()` would return if the stream ended at that point.
public final class HuntEngine {
    private final class QueryUnit {
        let rule: Rule
        let executor: QueryExecutor
        var files: Set<String> = []
        /// The file of the last event pushed: consecutive events mostly share it, and comparing is cheaper than hashing.
        var lastFile: String?
        init(rule: Rule, executor: QueryExecutor, files: Set<String> = []) {
            self.rule = rule
            self.executor = executor
            self.files = files
        }
    }

    private final class DetectorUnit {
        let rule: Rule
        let detector: any Detector
        /// The detector's formats, worked out once (detectors build the set on each call).
        let formats: Set<SourceFormat>
        init(rule: Rule, detector: any Detector) {
            self.rule = rule
            self.detector = detector
            formats = detector.formats
        }
    }

    public let context: DetectionContext
    private var queries: [QueryUnit] = []
    private var detectors: [DetectorUnit] = []
    public private(set) var rules: [Rule] = []

    /// Prepares the enabled rules; a rule that does not plan, or names no known detector, is a `RuleError`.
    public init(rules: [Rule], context: DetectionContext) throws(RuleError) {
        self.context = context
        for rule in rules where rule.enabled {
            switch rule.language {
            case .cql, .esql:
                let (plan, language) = try RuleEvaluator.plan(for: rule)
                let executor = QueryExecutor(plan: plan, context: ExecutionContext(dialect: language.dialect, nowMillis: context.nowMillis))
                queries.append(QueryUnit(rule: rule, executor: executor))
            case .builtin:
                detectors.append(DetectorUnit(rule: rule, detector: try RuleEvaluator.detector(for: rule, context: context)))
            }
            self.rules.append(rule)
        }
    }

    /// An engine in the given state; `copy()` builds one from copies of every executor and detector.
    private init(context: DetectionContext, queries: [QueryUnit], detectors: [DetectorUnit], rules: [Rule]) {
        self.context = context
        self.queries = queries
        self.detectors = detectors
        self.rules = rules
    }

    /// An independent engine in this one's state: the same rules, with copies of their executors
    /// and detectors. Events observed by either engine afterwards never reach the other.
    public func copy() -> HuntEngine {
        HuntEngine(
            context: context,
            queries: queries.map { QueryUnit(rule: $0.rule, executor: $0.executor.copy(), files: $0.files) },
            detectors: detectors.map { DetectorUnit(rule: $0.rule, detector: $0.detector.copy()) },
            rules: rules)
    }

    /// The ranked findings `finish()` would return if the input ended now, worked out on a copy:
    /// this engine is left as it was and goes on taking events with `observe(_:)`.
    public func evaluate() -> HuntResult {
        copy().finish()
    }

    /// Tells the query rules that no event older than `millis` will arrive, so windowed
    /// aggregates can close the windows that end before it.
    public func advanceWatermark(to millis: Int64) {
        for q in queries { q.executor.advanceWatermark(to: millis) }
    }

    /// The fields all rules together read.
    public var projection: FieldProjection {
        var names = Set<String>()
        for q in queries {
            guard let n = q.executor.projection.names else { return .all }
            names.formUnion(n)
        }
        for d in detectors {
            guard let n = d.detector.fields.names else { return .all }
            names.formUnion(n)
        }
        return FieldProjection(names: names)
    }

    /// The formats any rule reads; nil when some rule reads every format.
    public var formats: Set<SourceFormat>? {
        var out = Set<SourceFormat>()
        for q in queries {
            guard let f = q.executor.formats else { return nil }
            out.formUnion(f)
        }
        for d in detectors { out.formUnion(d.detector.formats) }
        return out
    }

    /// Reads `paths` once, feeds every rule, and returns the ranked findings.
    public func run(paths: [String], strict: Bool = false, showsProgress: Bool = true, onMalformed: (MalformedRecord) -> Void) throws -> HuntResult {
        var options = ReadOptions()
        options.projection = projection
        options.formats = formats
        options.strict = strict
        options.showsProgress = showsProgress
        var byFormat: [SourceFormat: Int] = [:]
        var malformed = 0
        var first: Int64?, last: Int64?
        // With a second core, files are read and parsed on a thread of their own while the rules run here.
        let read = ProcessInfo.processInfo.activeProcessorCount > 1
            ? PipelinedSourceReader(options: options).read : SourceReader(options: options).read
        let files = try read(paths, { event in
            byFormat[event.format, default: 0] += 1
            if let t = event.timestampMillis {
                first = min(first ?? t, t)
                last = max(last ?? t, t)
            }
            self.observe(event)
        }, { record in
            malformed += 1
            onMalformed(record)
        })
        var result = finish()
        result.files = files
        result.eventsByFormat = byFormat
        result.malformed = malformed
        result.firstEvent = first
        result.lastEvent = last
        return result
    }

    /// Feeds one event to every rule that reads its format (for streaming callers).
    public func observe(_ event: Event) {
        for q in queries {
            if let f = q.executor.formats, !f.contains(event.format) { continue }
            if q.lastFile != event.origin.file {
                q.files.insert(event.origin.file)
                q.lastFile = event.origin.file
            }
            q.executor.push(event)
        }
        var observed: ObservedEvent?
        for d in detectors where d.formats.contains(event.format) {
            if observed == nil { observed = ObservedEvent(event) }
            d.detector.observe(observed!)
        }
    }

    /// Ends the input and collects the findings of every rule, ranked.
    public func finish() -> HuntResult {
        var findings: [Finding] = []
        var warnings: [String] = []
        for q in queries {
            let rows = q.executor.finish()
            warnings += q.executor.diagnostics.warnings.map { "\(q.rule.id): \($0)" }
            findings += RuleEvaluator.findings(from: rows, rule: q.rule, files: q.files.sorted())
        }
        for d in detectors {
            findings += d.detector.finish()
        }
        findings.sort(by: Finding.ranked)
        return HuntResult(findings: findings, files: [], eventsByFormat: [:], malformed: 0, rulesRun: rules.map(\.id), warnings: warnings, firstEvent: nil, lastEvent: nil)
    }
}
