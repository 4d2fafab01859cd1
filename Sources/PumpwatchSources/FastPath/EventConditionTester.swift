import PumpwatchCore

/// Runs the conditions of an `EventFilter` with the query engine; each thread has its own.
public protocol EventConditionTester: AnyObject {
    /// True when condition `index` holds for an event with these fields (at least the ones it reads).
    func holds(_ index: Int, fields: [String: Value]) -> Bool
}
