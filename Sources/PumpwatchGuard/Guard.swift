import Foundation

/// Decides, before an SMS or voice code is sent, whether to send it.
///
/// The library an HTTP layer or a Swift server app calls in process.
///
/// ```swift
/// let guard = Guard(policy: try PolicyLoader.load(path: "guard.yml"), baseline: baseline)
/// let d = guard.check(CheckRequest(to: "+447700900123", ip: "203.0.113.9"), at: nowMillis)
/// if d.decision == .allow || d.decision == .monitor { sendCode(); }
/// // later, when the user types the code:
/// guard.verified(id: d.id, at: nowMillis)
/// ```
///
/// Every method is safe to call from any thread: calls are serialised on one lock, and a check
/// costs a few microseconds. Time is passed in (epoch milliseconds), so replays and tests run on
/// their own clock. State is bounded (`StateLimits`), saved with `snapshot(at:)` and restored
/// with `init(restoring:policy:baseline:)`; `reload(policy:baseline:)` swaps the policy and
/// keeps every counter.
public final class Guard: @unchecked Sendable {
    private let lock = NSLock()
    private var engine: GuardEngine

    /// A guard with empty state. `seed` keys the state tables and request ids; by default it is random.
    public init(policy: GuardPolicy = GuardPolicy(), baseline: GuardBaseline? = nil, seed: UInt64? = nil) {
        var g = SystemRandomNumberGenerator()
        engine = GuardEngine(policy: policy, baseline: baseline, seed: seed ?? g.next())
    }

    /// A guard that continues from a snapshot; the policy's limits bound the restored tables.
    public init(restoring state: GuardState, policy: GuardPolicy = GuardPolicy(), baseline: GuardBaseline? = nil) throws(GuardStateError) {
        var e = GuardEngine(policy: policy, baseline: baseline, seed: state.hashSeed)
        e.tables = try state.tables(limits: policy.limits)
        e.stats = StatsCounter(state.stats)
        e.sequence = state.sequence
        engine = e
    }

    /// Decides on sending a code for `request` at `millis` (epoch milliseconds).
    ///
    /// Never fails: a `to` that is not a phone number gets `block` with the `invalid-number` reason
    /// (an API should first answer such requests 400 using `CheckRequest.validate()`).
    public func check(_ request: CheckRequest, at millis: Int64) -> Decision {
        lock.lock()
        defer { lock.unlock() }
        return engine.check(request, at: millis)
    }

    /// Decides on sending a code now.
    public func check(_ request: CheckRequest) -> Decision {
        check(request, at: Guard.nowMillis())
    }

    /// Records that the code sent for request `id` was entered.
    @discardableResult
    public func verified(id: String, at millis: Int64) -> VerificationResult {
        lock.lock()
        defer { lock.unlock() }
        return engine.verified(id: id, at: millis)
    }

    /// Records that the latest code sent to `to` was entered.
    @discardableResult
    public func verified(to: String, at millis: Int64) -> VerificationResult {
        lock.lock()
        defer { lock.unlock() }
        return engine.verified(to: to, at: millis)
    }

    /// Records a verification as `POST /v1/verified` gives it: by `id` when present, else by `to`.
    @discardableResult
    public func verified(_ request: VerificationRequest, at millis: Int64) throws(CheckRequestError) -> VerificationResult {
        try request.validate()
        if let id = request.id, !id.isEmpty { return verified(id: id, at: millis) }
        return verified(to: request.to ?? "", at: millis)
    }

    /// Decisions so far, by decision, reason, country and hour, with the tables' sizes.
    public func stats() -> GuardStats {
        lock.lock()
        defer { lock.unlock() }
        var s = engine.stats.stats
        s.tables = engine.tables.sizes
        s.evictions = engine.tables.evictions
        return s
    }

    /// Records held per state table.
    public var tableSizes: [String: Int] {
        lock.lock()
        defer { lock.unlock() }
        return engine.tables.sizes
    }

    /// Everything counted so far, to checkpoint.
    ///
    /// The guard is held only while its tables are copied by reference (copy-on-write), a few
    /// microseconds; packing them happens after the lock is released, so checks go on meanwhile.
    /// The first check that changes a table afterwards copies that table once, which costs about
    /// a millisecond per 100,000 records instead of holding every caller for the whole packing.
    /// While a snapshot is being packed, a table changed meanwhile exists twice in memory.
    public func snapshot(at millis: Int64 = Guard.nowMillis()) -> GuardState {
        lock.lock()
        let frozen = engine
        lock.unlock()
        return GuardState(engine: frozen, at: millis)
    }

    /// The policy in force.
    public var policy: GuardPolicy {
        lock.lock()
        defer { lock.unlock() }
        return engine.policy
    }

    /// The baseline in force.
    public var baseline: GuardBaseline? {
        lock.lock()
        defer { lock.unlock() }
        return engine.baseline
    }

    /// Puts `policy` (and `baseline`) in force without dropping any counter.
    ///
    /// Tables shrink to lower limits by evicting their least recently used records.
    public func reload(policy: GuardPolicy, baseline: GuardBaseline?) {
        lock.lock()
        defer { lock.unlock() }
        engine.reload(policy: policy, baseline: baseline)
    }

    /// Puts `policy` in force, keeping the baseline and every counter.
    public func reload(policy: GuardPolicy) {
        lock.lock()
        defer { lock.unlock() }
        engine.reload(policy: policy, baseline: engine.baseline)
    }

    /// The wall clock in epoch milliseconds.
    public static func nowMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
