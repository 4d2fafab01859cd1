import PumpwatchCore
import XCTest

@testable import PumpwatchGuard

/// Shared pieces of the guard tests: a clock, request builders and policy tweaks.
enum T {
    /// 2026-09-21T01:00:00Z, an hour into a UTC day so window boundaries do not interfere.
    static let t0: Int64 = Timestamp.parse("2026-09-21T01:00:00Z")!
    static let second: Int64 = 1000
    static let minute: Int64 = 60_000
    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000

    /// A policy with every signal but `keep` switched off, so a test sees one signal at a time.
    static func only(_ keep: String, _ tweak: (inout GuardPolicy) -> Void = { _ in }) -> GuardPolicy {
        var p = GuardPolicy()
        p.numberVelocity.enabled = keep == "number"
        p.ipVelocity.enabled = keep == "ip"
        p.identityVelocity.enabled = keep == "identity"
        p.ipSpread.enabled = keep == "spread"
        p.numberBlock.enabled = keep == "block"
        p.highRisk.enabled = keep == "risk"
        p.validity.enabled = keep == "validity"
        p.spendBudget.enabled = keep == "spend"
        p.conversion.enabled = keep == "conversion"
        p.ipUnverified.enabled = keep == "unverified-ip"
        p.verifiedHistory.enabled = keep == "history"
        tweak(&p)
        return p
    }

    static func guardian(_ policy: GuardPolicy = GuardPolicy(), baseline: GuardBaseline? = nil) -> Guard {
        Guard(policy: policy, baseline: baseline, seed: 1234)
    }
}

extension Decision {
    /// The reason from `signal`, if any.
    func reason(_ signal: String) -> Reason? { reasons.first { $0.signal == signal } }

    var signals: [String] { reasons.map(\.signal) }
}

/// A GB mobile number with its last digits from `n`.
func gb(_ n: Int) -> String { "+4477009" + String(10_000 + n % 90_000).suffix(5) }
