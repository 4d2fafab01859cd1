/// Where pumpwatch keeps what must outlive the process: every guard decision with its reasons,
/// state checkpoints (the guard's counters, the watchers' read positions), alerts with their
/// triage state, the ingest journal, and the notification outbox.
///
/// `SQLiteStore` implements it over GRDB and `PostgresStore` over PostgresNIO, with the same
/// named migrations. Every method may be called from any task; writes are atomic (a batch
/// lands whole or not at all).
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

    // MARK: Alerts

    /// Inserts the alert (state open) or, when an alert with the same key exists, updates its
    /// lastSeen (max), firstSeen (min), count, riskScore, evidence, summary, sources, updatedAt and
    /// occurrences += 1 (state untouched). When created, also enqueues one outbox notification per
    /// name in `notify`, in the same transaction. Safe under concurrent callers on one key.
    func upsertAlert(_ draft: AlertDraft, notify sinks: [String], at millis: Int64) async throws -> AlertUpsert

    /// Alerts matching `filter`, newest `updatedAt` first, at most `filter.limit`.
    /// Throws `StoreError.unknownSeverity` for a `minimumSeverity` that is not a severity.
    func alerts(matching filter: AlertFilter) async throws -> [AlertRecord]

    /// The alert with `id`, if any.
    func alert(id: Int64) async throws -> AlertRecord?

    /// Sets the state; nil when there is no such alert. Resolving an acknowledged alert is allowed,
    /// as is re-opening; every change records who, when, and the note (and moves `updatedAt`).
    func setAlertState(id: Int64, to state: AlertState, by actor: String, note: String?, at millis: Int64) async throws -> AlertRecord?

    /// Every state change of alert `id`, oldest first (empty for an unknown id).
    func alertStateChanges(id: Int64) async throws -> [AlertStateChange]

    // MARK: Ingest journal

    /// Appends in one transaction; an entry whose (format, eventID) is already journaled is skipped
    /// and counted as a duplicate (also within the same batch).
    func appendToJournal(_ entries: [JournalEntry]) async throws -> JournalAppend

    /// Entries with sequence > `after`, ascending, at most `limit`.
    func journal(after sequence: Int64, limit: Int) async throws -> [JournalEntry]

    /// How many entries the journal holds.
    func journalCount() async throws -> Int

    /// Deletes the oldest entries: from the first, those with sequence <= `upTo` received before
    /// `receivedBefore`, stopping at the first entry received later, at most `limit` of them.
    /// Returns how many were deleted. Sequences are never reused.
    func pruneJournal(receivedBefore millis: Int64, upTo sequence: Int64, limit: Int) async throws -> Int

    // MARK: Notification outbox

    /// Enqueues one pending notification of alert `alertID` per sink, due at `millis`.
    /// Throws `StoreError.alertNotFound` when there is no such alert.
    func enqueueNotifications(alertID: Int64, sinks: [String], at millis: Int64) async throws

    /// Pending entries with nextAttemptAt <= millis, oldest first, at most `limit`.
    func dueNotifications(at millis: Int64, limit: Int) async throws -> [OutboxEntry]

    /// Marks entry `id` delivered at `millis`. Throws `StoreError.notificationNotFound` for an unknown id.
    func markDelivered(_ id: Int64, at millis: Int64) async throws

    /// Records a failed attempt: attempts += 1, lastError = error; retryAt nil moves it to `failed` (dead letter),
    /// otherwise it stays pending, due at `retryAt`. Throws `StoreError.notificationNotFound` for an unknown id.
    func markAttemptFailed(_ id: Int64, error: String, retryAt: Int64?, at millis: Int64) async throws

    /// Entries in `state` (all when nil), newest first, at most `limit`.
    func notifications(state: NotificationState?, limit: Int) async throws -> [OutboxEntry]
}
