import PumpwatchDetect
import PumpwatchStore

/// Stores each evaluation's findings as alerts: a new key makes a new alert (and its
/// notifications), a known key updates the alert's counts and evidence.
public struct AlertPublisher<Store: PumpwatchStore>: Sendable {
    public let store: Store
    /// The notification sinks an alert of a given severity goes to.
    public let sinks: @Sendable (String) -> [String]

    public init(store: Store, sinks: @escaping @Sendable (String) -> [String] = { _ in [] }) {
        self.store = store
        self.sinks = sinks
    }

    /// Rebuilds `keyer`'s windows from the alerts stored since `since` (epoch ms).
    public func restore(_ keyer: inout AlertKeyer, since: Int64) async throws {
        var filter = AlertFilter()
        filter.since = since
        filter.limit = 100_000
        for alert in try await store.alerts(matching: filter) {
            keyer.remember(key: alert.draft.key, lastSeen: alert.draft.lastSeen)
        }
    }

    /// Upserts one alert per finding; returns each finding with what the store did.
    public func publish(_ findings: [Finding], keyer: inout AlertKeyer, at millis: Int64) async throws -> [(Finding, AlertUpsert)] {
        let keys = keyer.keys(for: findings)
        var out: [(Finding, AlertUpsert)] = []
        out.reserveCapacity(findings.count)
        for (finding, key) in zip(findings, keys) {
            let draft = FindingAlert.draft(finding, key: key)
            let upsert = try await store.upsertAlert(draft, notify: sinks(draft.severity), at: millis)
            out.append((finding, upsert))
        }
        return out
    }
}
