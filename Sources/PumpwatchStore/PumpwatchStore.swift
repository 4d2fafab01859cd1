/// Where pumpwatch keeps what must outlive the process: every guard decision with its reasons,
/// and state checkpoints (the guard's counters, later the watchers' read positions).
///
/// `SQLiteStore` implements it over GRDB. Every method may be called from any task; writes
/// are atomic (a batch of decisions lands whole or not at all).
public protocol PumpwatchStore: Sendable {
    /// Appends `decisions` in one transaction, in order.
    func recordDecisions(_ decisions: [GuardDecisionRecord]) async throws

    /// Decisions matching `filter`, newest first, at most `filter.limit`.
    func decisions(matching filter: DecisionFilter) async throws -> [GuardDecisionRecord]

    /// Deletes decisions made before `millis` (epoch milliseconds); returns how many went.
    @discardableResult
    func pruneDecisions(before millis: Int64) async throws -> Int

    /// Saves `checkpoint`, replacing the one with the same name.
    func saveCheckpoint(_ checkpoint: StateCheckpoint) async throws

    /// The checkpoint saved under `name`, if any.
    func checkpoint(named name: String) async throws -> StateCheckpoint?

    /// Checks that the store answers (for readiness probes).
    func ping() async throws
}
