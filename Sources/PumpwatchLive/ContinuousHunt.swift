import PumpwatchCore
import PumpwatchDetect
import PumpwatchSources

/// Runs every rule incrementally on events as they arrive, on event time.
///
/// Events go to one `HuntEngine`. The watermark is the latest event time seen minus the allowed
/// lateness; windowed aggregations whose window closed before it are emitted and forgotten, so
/// state stays bounded on an endless stream. `evaluate()` gives the findings a hunt over the
/// same events would give now, computed on a copy of the rules' state, and the engine goes on.
/// Findings are filtered by the setup's suppression list, exactly as `hunt` filters them.
public final class ContinuousHunt {
    public let setup: DetectionSetup
    /// How far behind the latest event an event may arrive and still count in its window, ms.
    public let lateness: Int64
    private let engine: HuntEngine
    public private(set) var latestEvent: Int64?
    public private(set) var eventsObserved = 0
    /// Events older than the watermark when they arrived (they still count where they can).
    public private(set) var lateEvents = 0
    public private(set) var evaluations = 0

    public init(setup: DetectionSetup, lateness: Int64) throws(RuleError) {
        self.setup = setup
        self.lateness = max(0, lateness)
        engine = try setup.engine()
    }

    /// The fields the rules read, for the readers' projection.
    public var projection: FieldProjection { engine.projection }
    /// The formats the rules read; nil for all.
    public var formats: Set<SourceFormat>? { engine.formats }

    /// The time before which windows are closed, or nil before any event.
    public var watermark: Int64? { latestEvent.map { $0 - lateness } }

    /// Read options that extract only what the rules need.
    public var readOptions: ReadOptions {
        var options = ReadOptions()
        options.projection = projection
        options.formats = formats
        return options
    }

    /// Feeds one event to every rule that reads its format.
    public func observe(_ event: Event) {
        eventsObserved += 1
        if let t = event.timestampMillis {
            if let w = watermark, t < w { lateEvents += 1 }
            if latestEvent.map({ t > $0 }) ?? true { latestEvent = t }
        }
        engine.observe(event)
    }

    /// Closes the windows that ended before the watermark.
    public func advanceWatermark() {
        if let watermark { engine.advanceWatermark(to: watermark) }
    }

    /// The findings as of now, ranked and with suppressed ones left out; the rules keep running.
    public func evaluate() -> (findings: [Finding], suppressed: Int, warnings: [String]) {
        evaluations += 1
        let result = engine.evaluate()
        let (kept, suppressed) = setup.suppression.filter(result.findings)
        return (kept, suppressed.values.reduce(0, +), result.warnings)
    }
}
