import Foundation
import XCTest

@testable import PumpwatchGuard

/// The guard as a whole: the decision's shape, modes, reloads, stats.
final class GuardTests: XCTestCase {
    func testDecisionJSONShape() throws {
        let g = T.guardian()
        let d = g.check(CheckRequest(to: "+44 7700 900123", ip: "203.0.113.9", user: "u", session: "s", purpose: .signup, channel: .sms, id: "req-1"), at: T.t0)
        XCTAssertEqual(d.id, "req-1")
        XCTAssertEqual(d.decision, .allow)
        XCTAssertEqual(d.country, "GB")
        XCTAssertEqual(d.callingCode, "44")
        XCTAssertEqual(d.mode, .enforce)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(d)) as? [String: Any]
        XCTAssertEqual(Set(json?.keys.map { $0 } ?? []), ["id", "decision", "policy_decision", "risk_score", "country", "calling_code", "reasons", "mode"])
        XCTAssertEqual(json?["risk_score"] as? Int, 0)
        let back = try JSONDecoder().decode(Decision.self, from: JSONEncoder().encode(d))
        XCTAssertEqual(back, d)
    }

    func testRequestBodyDecodesLeniently() throws {
        let body = #"{"to": "+447700900123", "purpose": "SIGNUP", "channel": "whatsapp", "extra": 1}"#
        let r = try JSONDecoder().decode(CheckRequest.self, from: Data(body.utf8))
        XCTAssertEqual(r.purpose, .signup)
        XCTAssertEqual(r.channel, .sms)
        XCTAssertNil(r.ip)
        XCTAssertThrowsError(try JSONDecoder().decode(CheckRequest.self, from: Data(#"{"ip": "1.2.3.4"}"#.utf8)))
    }

    func testGeneratedIDsAreUniqueAndVerifiable() {
        let g = T.guardian()
        let a = g.check(CheckRequest(to: gb(1)), at: T.t0)
        let b = g.check(CheckRequest(to: gb(2)), at: T.t0)
        XCTAssertNotEqual(a.id, b.id)
        XCTAssertTrue(a.id.hasPrefix("chk_"))
        XCTAssertTrue(g.verified(id: a.id, at: T.t0 + T.minute).matched)
    }

    func testMonitorModeReportsBothDecisions() {
        var p = GuardPolicy()
        p.mode = .monitor
        p.countryRules = CountryRuleSignal(rules: CountryRules(modes: ["SL": .block]))
        let g = T.guardian(p)
        let d = g.check(CheckRequest(to: "+23276123456"), at: T.t0)
        XCTAssertEqual(d.decision, .allow)
        XCTAssertEqual(d.policyDecision, .block)
        XCTAssertEqual(d.mode, .monitor)
        XCTAssertTrue(g.verified(id: d.id, at: T.t0 + T.minute).matched, "in monitor mode the code was sent")
        let s = g.stats()
        XCTAssertEqual(s.decisions, ["allow": 1])
        XCTAssertEqual(s.policyDecisions, ["block": 1])
    }

    func testReloadKeepsState() {
        let g = T.guardian(T.only("number"))
        for i in 0..<5 { _ = g.check(CheckRequest(to: gb(1)), at: T.t0 + Int64(i) * 5 * T.minute) }
        g.reload(policy: T.only("number") { $0.numberVelocity.hourly = Limit(6, score: 80) })
        let d = g.check(CheckRequest(to: gb(1)), at: T.t0 + 26 * T.minute)
        XCTAssertEqual(d.reason("number-hourly")?.value, 6, "the five earlier requests survived the reload")
        XCTAssertEqual(d.decision, .block)
        g.reload(policy: T.only("number") { $0.limits.numbers = 100 })
        XCTAssertEqual(g.policy.limits.numbers, 100)
        XCTAssertNotNil(g.check(CheckRequest(to: gb(1)), at: T.t0 + 27 * T.minute).reason("number-hourly"))
    }

    func testStatsByDecisionReasonCountryAndHour() {
        let g = T.guardian()
        _ = g.check(CheckRequest(to: gb(1)), at: T.t0)
        _ = g.check(CheckRequest(to: "+2801234567"), at: T.t0 + T.hour)
        _ = g.check(CheckRequest(to: "nonsense"), at: T.t0 + T.hour)
        let s = g.stats()
        XCTAssertEqual(s.checks, 3)
        XCTAssertEqual(s.decisions["allow"], 1)
        XCTAssertEqual(s.decisions["block"], 2)
        XCTAssertEqual(s.reasons["invalid-number"], 2)
        XCTAssertEqual(s.countries["GB"], ["allow": 1])
        XCTAssertEqual(s.countries["??"], ["block": 1])
        XCTAssertEqual(s.hours.map(\.start), ["2026-09-21T01:00:00.000Z", "2026-09-21T02:00:00.000Z"])
        XCTAssertEqual(s.tables["numbers"], 2)
        XCTAssertNoThrow(try JSONEncoder().encode(s))
    }

    func testConcurrentChecksAreSafe() {
        let g = T.guardian()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for i in 0..<500 { _ = g.check(CheckRequest(to: gb(worker * 1000 + i), ip: "10.0.\(worker).1"), at: T.t0 + Int64(i) * T.second) }
        }
        XCTAssertEqual(g.stats().checks, 2000)
    }
}
