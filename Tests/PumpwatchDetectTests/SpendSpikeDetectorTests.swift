import PumpwatchCore
import PumpwatchDetect
import XCTest

final class SpendSpikeDetectorTests: XCTestCase {
    typealias H = DetectorHarness

    /// Hourly `SMSMonthToDateSpentUSD` from `start`: `perHour(i)` added each hour, reset on the 1st.
    func monthToDate(from start: Int64, hours: Int, perHour: (Int) -> Double) -> H.Record {
        var points: [(Int64, Double)] = []
        var value = 14.6
        for i in 0..<hours {
            let t = start + Int64(i) * H.hour
            let (_, _, d) = Timestamp.civil(fromDays: t / H.day)
            if d == 1 && (t % H.day) == 0 { value = 0 }
            value += perHour(i)
            points.append((t, value))
        }
        return H.metric("SMSMonthToDateSpentUSD", points)
    }

    func testMonthToDateJumpFires() throws {
        let start = H.t0 - 10 * H.hour - 6 * H.day
        let record = monthToDate(from: start, hours: 7 * 24) { i in i >= 6 * 24 + 13 && i < 6 * 24 + 19 ? 9.0 : 0.045 }
        let findings = try H.run(SpendSpikeDetector.self, [record])
        XCTAssertEqual(findings.count, 1)
        let f = try XCTUnwrap(findings.first)
        XCTAssertEqual(f.entity("series"), .string("SMSMonthToDateSpentUSD"))
        XCTAssertEqual(H.evidence(f, "spend_usd")?.doubleValue ?? 0, 54 + 18 * 0.045, accuracy: 0.01)
        XCTAssertEqual(H.evidence(f, "baseline_window_median_usd")?.doubleValue ?? 0, 24 * 0.045, accuracy: 0.01)
        XCTAssertEqual(H.evidence(f, "peak_hour_usd")?.doubleValue ?? 0, 9, accuracy: 0.001)
        XCTAssertEqual(H.evidence(f, "triggered_by"), .array([.string("window"), .string("hour")]))
    }

    func testMonthlyResetIsNotASpike() throws {
        // Steady spend across the turn of the month (2026-12-01): the value drops to the first hour's spend.
        let start = Timestamp.parse("2026-11-25T00:00:00Z")!
        let record = monthToDate(from: start, hours: 8 * 24) { _ in 0.05 }
        XCTAssertEqual(try H.run(SpendSpikeDetector.self, [record]).count, 0)
    }

    func testDeliveryPricesAndCostPerMessage() throws {
        var records: [H.Record] = []
        // A week of US texts at $0.0058, 10 an hour.
        for i in 0..<(7 * 24 * 10) {
            records.append(H.delivery(at: H.t0 - 6 * H.day + Int64(i) * 360_000, to: "+1415555\(String(format: "%04d", i % 10000))", messageID: "b\(i)", price: 0.00581))
        }
        XCTAssertEqual(try H.run(SpendSpikeDetector.self, records).count, 0)
        // The same volume, but 40 of the last day's texts go to +882 at $0.48.
        for i in 0..<40 {
            records.append(H.delivery(at: H.t0 + 13 * H.hour + Int64(i) * 15_000, to: "+88216543212\(String(format: "%02d", i))", messageID: "p\(i)", price: 0.48))
        }
        let findings = try H.run(SpendSpikeDetector.self, records)
        XCTAssertEqual(findings.map { $0.entity("series") }, [.string("sns-prices")])
        let f = findings[0]
        XCTAssertEqual(H.evidence(f, "spend_usd")?.doubleValue ?? 0, 19.2 + 240 * 0.00581, accuracy: 0.1)
        XCTAssertTrue(H.evidence(f, "triggered_by")?.elements.contains(.string("cost-per-message")) ?? false)
        XCTAssertGreaterThan(H.evidence(f, "cost_per_message_usd")?.doubleValue ?? 0, 3 * 0.00581)
        XCTAssertEqual(f.sources, ["sns-delivery.json"])
    }

    func testTwilioPricesCountOnceAcrossLogs() throws {
        var records: [H.Record] = []
        for i in 0..<(7 * 24) {
            let t = H.t0 - 6 * H.day + Int64(i) * H.hour
            records.append(H.twilioMessage(at: t, to: "+1415555\(String(format: "%04d", i))", sid: "SMb\(i)", status: "delivered", price: "-0.00830"))
            records.append(H.twilioEvent(at: t + 2000, to: "+1415555\(String(format: "%04d", i))", sid: "SMb\(i)", status: "delivered"))
        }
        for i in 0..<30 {
            records.append(H.twilioMessage(at: H.t0 + 15 * H.hour + Int64(i) * 60_000, to: "+23276123\(String(format: "%03d", i))", sid: "SMp\(i)", status: "sent", price: "-0.21150"))
        }
        let findings = try H.run(SpendSpikeDetector.self, records)
        XCTAssertEqual(findings.map { $0.entity("series") }, [.string("twilio-prices")])
        XCTAssertEqual(H.evidence(findings[0], "spend_usd")?.doubleValue ?? 0, 30 * 0.2115 + 24 * 0.0083, accuracy: 0.05)
    }

    func testSmallAmountsDoNotFire() throws {
        let start = H.t0 - 6 * H.day
        let record = monthToDate(from: start, hours: 7 * 24) { i in i == 6 * 24 + 3 ? 0.9 : 0.01 }
        XCTAssertEqual(try H.run(SpendSpikeDetector.self, [record]).count, 0, "a $0.90 hour is under min_hourly_amount")
        XCTAssertEqual(try H.run(SpendSpikeDetector.self, [record], parameters: ["min_hourly_amount": .double(0.5)]).count, 1)
        XCTAssertThrowsError(try H.run(SpendSpikeDetector.self, [], parameters: ["factor": .double(0.5)]))
    }
}
