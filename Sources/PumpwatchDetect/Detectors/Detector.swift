import PumpwatchCore

/// A built-in detection written in Swift, for what a single query cannot say (sequences,
/// baselines, joins). It sees every event of its formats once, in any order, keeps bounded
/// state (counters per entity and time bucket, never the events) and reports at the end.
///
/// An endless stream reports from a `copy()`, so that what the detector has seen is judged as
/// if the input ended now while the detector itself goes on observing.
public protocol Detector: AnyObject {
    /// The name rule files use in `detector:` (`repeated-destination`).
    static var name: String { get }
    /// Builds the detector for one rule; a bad parameter is a `RuleError` naming it.
    init(rule: Rule, context: DetectionContext) throws(RuleError)
    /// The input formats it reads.
    var formats: Set<SourceFormat> { get }
    /// The fields it reads (projection pushdown); `.all` if it needs everything.
    var fields: FieldProjection { get }
    /// Takes one event; `HuntEngine` hands every detector the same `ObservedEvent`.
    func observe(_ observed: ObservedEvent)
    /// The findings, once all events have been observed.
    func finish() -> [Finding]
    /// A new detector with the same configuration and state, sharing no mutable state with this
    /// one: events observed by either afterwards, and finishing either, leave the other as it was.
    func copy() -> Self
}

extension Detector {
    public var fields: FieldProjection { .all }

    /// Takes one event on its own.
    public func observe(_ event: Event) {
        observe(ObservedEvent(event))
    }
}
