import XCTest

@testable import PumpwatchGuard

/// The policy YAML: a full file applies; each mistake names its key, line and reason.
final class PolicyLoaderTests: XCTestCase {
    static let full = """
        mode: monitor
        cutoffs: {monitor: 20, challenge: 45, block: 75}
        aggregate_cap: 50
        verification_window: 30m
        countries:
          default: filter
          rules: {KP: block, us: allow, "+881": block}
          overrides:
            - {prefix: "+44 7700 900", mode: block}
            - {number: "+15005550006", mode: allow}
        allow:
          cidrs: [10.0.0.0/8, "2001:db8::/32"]
          countries: [CA]
          numbers: ["+1 555 01*"]
        prices: {currency: EUR, default: 0.2, countries: {GB: 0.06}, prefixes: {"+881 6": 1.5}}
        limits: {numbers: 5000, pending: 2000}
        signals:
          number_velocity: {cooldown: 45s, hourly: {limit: 4, score: 35}, daily: off}
          ip_velocity: {hourly: 10}
          identity_velocity: {session_numbers: 2}
          ip_spread: {countries: 3}
          number_block: {window: 30m, widths: [{trailing_digits: 3, numbers: 6, score: 50}]}
          high_risk: {prefixes: [+232, +881], score: 50, new_country_score: 20, expensive: {limit: 0.5, score: 5}}
          validity: {length_score: 70}
          spend_budget: {default: 20, countries: {GB: 100}}
          conversion: {daily_floor: 30, ratio: 0.4, prefix_digits: 3}
          ip_unverified: {daily_floor: 8}
          verified_history: {number_days: 10, number_score: -50}
        """

    func testFullPolicyApplies() throws {
        let p = try PolicyLoader.parse(Self.full, file: "guard.yml")
        XCTAssertEqual(p.mode, .monitor)
        XCTAssertEqual(p.cutoffs, ScoreCutoffs(monitor: 20, challenge: 45, block: 75))
        XCTAssertEqual(p.aggregateCap, 50)
        XCTAssertEqual(p.verificationWindow, 1800)
        XCTAssertEqual(p.countryRules.rules.modes["US"], .allow)
        XCTAssertEqual(p.countryRules.rules.modes["+881"], .block)
        XCTAssertEqual(p.countryRules.rules.overrides.map(\.digits), ["447700900", "15005550006"])
        XCTAssertEqual(p.allowList.list.networks.count, 2)
        XCTAssertEqual(p.prices.currency, "EUR")
        XCTAssertEqual(p.prices.price(of: DestinationNumber("+447911123456")!), 0.06)
        XCTAssertEqual(p.prices.price(of: DestinationNumber("+881612345678")!), 1.5)
        XCTAssertEqual(p.prices.price(of: DestinationNumber("+23276123456")!), 0.2115, "the standard table stays under the overrides")
        XCTAssertEqual(p.prices.price(of: DestinationNumber("+9607771234")!), 0.2)
        XCTAssertEqual(p.limits.numbers, 5000)
        XCTAssertEqual(p.limits.addresses, StateLimits().addresses)
        XCTAssertEqual(p.numberVelocity.cooldown, 45)
        XCTAssertEqual(p.numberVelocity.hourly, Limit(4, score: 35))
        XCTAssertNil(p.numberVelocity.daily)
        XCTAssertEqual(p.ipVelocity.hourly, Limit(10, score: 30))
        XCTAssertEqual(p.identityVelocity.sessionNumbers?.limit, 2)
        XCTAssertEqual(p.numberBlock.widths, [NumberBlockSignal.Width(trailingDigits: 3, limit: Limit(6, score: 50))])
        XCTAssertEqual(p.highRisk.prefixes.count, 2)
        XCTAssertEqual(p.highRisk.expensive, Limit(0.5, score: 5))
        XCTAssertEqual(p.spendBudget.countries["GB"], 100)
        XCTAssertEqual(p.conversion.prefixDigits, 3)
        XCTAssertEqual(p.verifiedHistory.numberScore, -50)
    }

    func testEmptyPolicyIsTheStandardOne() throws {
        let p = try PolicyLoader.parse("")
        XCTAssertEqual(p.mode, .enforce)
        XCTAssertEqual(p.cutoffs, ScoreCutoffs())
    }

    /// Each bad policy and the key, line and words its error must carry.
    func testErrorsNameKeyLineAndReason() {
        let cases: [(String, String, Int?, String)] = [
            ("mode: loud", "mode", 1, "expected enforce or monitor"),
            ("modes: enforce", "modes", 1, "unknown key"),
            ("cutoffs: {monitor: 60, challenge: 50}", "cutoffs", nil, "monitor <= challenge"),
            ("cutoffs:\n  block: 150", "cutoffs.block", 2, "from 0 to 100"),
            ("countries:\n  rules: {XYZ: block}", "countries.rules.XYZ", 2, "not a country code"),
            ("countries:\n  rules: {GB: deny}", "countries.rules.GB", 2, "expected allow, block, monitor or filter"),
            ("countries:\n  overrides:\n    - {prefix: '+44a', mode: block}", "countries.overrides[0].prefix", 3, "not a phone number"),
            ("countries:\n  overrides:\n    - {mode: block}", "countries.overrides[0]", 3, "either prefix or number"),
            ("allow:\n  cidrs: [10.0.0.0/40]", "allow.cidrs[0]", 2, "not an address or network"),
            ("allow:\n  numbers: ['+1*5']", "allow.numbers[0]", 2, "not a number pattern"),
            ("prices: {default: cheap}", "prices.default", 1, "expected a number"),
            ("limits: {numbers: 10}", "limits.numbers", 1, "from 100 to 50000000"),
            ("signals:\n  number_velocity:\n    cooldown: soon", "signals.number_velocity.cooldown", 3, "expected a duration"),
            ("signals:\n  number_velocity:\n    hourly: {limit: 5, scor: 3}", "signals.number_velocity.hourly.scor", 3, "unknown key"),
            ("signals:\n  ip_velocity: {hourly: many}", "signals.ip_velocity.hourly", 2, "expected a number"),
            ("signals:\n  warp: {}", "signals.warp", 2, "unknown key"),
            ("signals:\n  number_block:\n    widths: [{trailing_digits: 7, numbers: 3}]", "signals.number_block.widths[0].trailing_digits", 3, "from 2 to 4"),
            ("signals:\n  high_risk: {prefixes: [+0123]}", "signals.high_risk.prefixes", 2, "not a phone number prefix"),
            ("signals:\n  high_risk: {prefixes: /no/such/file.tsv}", "signals.high_risk.prefixes", 2, "cannot read"),
            ("signals:\n  spend_budget: {countries: {Narnia: 5}}", "signals.spend_budget.countries.Narnia", 2, "not a country code"),
            ("signals:\n  conversion: {ratio: 2}", "signals.conversion.ratio", 2, "from 0.0 to 1.0"),
            ("signals: [1, 2]", "signals", 1, "expected a mapping"),
            ("mode: [", "", nil, "not valid YAML"),
            ("mode: enforce\nmode: monitor", "", nil, "duplicate key"),
            // An empty document ends after its last line; its error is on that line.
            ("---", "(document)", 1, "expected a mapping of keys to values, found nothing"),
        ]
        for (yaml, key, line, words) in cases {
            XCTAssertThrowsError(try PolicyLoader.parse(yaml, file: "guard.yml"), yaml) { error in
                guard let e = error as? PolicyError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.key, key, yaml)
                if let line { XCTAssertEqual(e.line, line, yaml) }
                XCTAssertTrue(e.reason.contains(words), "\(yaml): \(e.reason)")
                XCTAssertEqual(e.file, "guard.yml")
                XCTAssertTrue(e.description.hasPrefix("guard.yml"), e.description)
            }
        }
    }

    func testLoadNamesAMissingFile() {
        XCTAssertThrowsError(try PolicyLoader.load(path: "/no/such/guard.yml")) { error in
            XCTAssertEqual((error as? PolicyError)?.key, "(file)")
        }
    }
}
