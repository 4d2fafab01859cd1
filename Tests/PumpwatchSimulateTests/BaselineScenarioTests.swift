import PumpwatchCore
import PumpwatchSimulate
import XCTest

/// The benign week: lots of ordinary activity, high conversion, and only the seed rule's known
/// false positive over its thresholds.
final class BaselineScenarioTests: XCTestCase {
    func testNotificationServerIsTheOnlyHostOverTheSeedThresholds() throws {
        let (dir, _) = try SimulationFixture.run("baseline")
        let events = try SimulationFixture.falconEvents(dir)
        var lookups: [String: Int] = [:]
        var connections: [String: Int] = [:]
        for e in events {
            let host = e["ComputerName"]?.string ?? ""
            if e["event_simpleName"]?.string == "DnsRequest", e["DomainName"]?.string == "api.twilio.com" {
                lookups[host, default: 0] += 1
            }
            if e["event_simpleName"]?.string == "NetworkConnectIP4", ["443", "80", "8443"].contains(e["RemotePort"]?.string ?? ""),
               let process = e["TargetProcessName"]?.string,
               [".exe", ".py", ".rb", ".js", ".jar", ".sh", ".php"].contains(where: { process.lowercased().hasSuffix($0) }) {
                connections["\(host) \(e["RemoteAddressIP4"]?.string ?? "") \(process)", default: 0] += 1
            }
        }
        XCTAssertEqual(Set(lookups.keys), ["NOTIFY-01"])
        XCTAssertGreaterThan(lookups["NOTIFY-01"] ?? 0, 300, "well above 50 over the week")
        XCTAssertLessThanOrEqual(connections.values.max() ?? 0, 200, "\(connections.filter { $0.value > 200 })")
        XCTAssertTrue(events.contains { $0["DomainName"]?.string == "www.google.com" })
    }

    func testCustomersFinishWhatTheyStart() throws {
        let (dir, _) = try SimulationFixture.run("baseline")
        let records = try SimulationFixture.cloudTrailRecords(dir)
        func count(_ name: String) -> Int { records.filter { $0["eventName"]?.string == name }.count }
        XCTAssertGreaterThan(count("ForgotPassword"), 40)
        XCTAssertGreaterThan(Double(count("ConfirmForgotPassword")) / Double(count("ForgotPassword")), 0.7)
        XCTAssertGreaterThan(Double(count("ConfirmSignUp")) / Double(count("SignUp")), 0.7)
        XCTAssertTrue(records.allSatisfy { $0["errorCode"] == nil })
        for name in ["DescribeInstances", "AssumeRole", "GetObject"] { XCTAssertGreaterThan(count(name), 0, name) }
        let topicPublishes = records.filter { $0["eventName"]?.string == "Publish" && $0["requestParameters"]?["topicArn"] != nil }
        XCTAssertGreaterThan(topicPublishes.count, 100)

        let lines = try SimulationFixture.accessLog(dir)
        let sends = lines.filter { $0.contains("POST /api/auth/send-otp") }.count
        let verified = lines.filter { $0.contains("POST /api/auth/verify-otp") && SimulationFixture.accessLogStatus($0) == 200 }.count
        XCTAssertGreaterThan(Double(verified) / Double(sends), 0.8)
        XCTAssertTrue(lines.allSatisfy { SimulationFixture.accessLogStatus($0) != 429 })

        let events = try SimulationFixture.twilioEvents(dir)
        let pending = events.filter { $0["type"]?.string == "com.twilio.accountsecurity.verify.verification.pending" }.count
        let approved = events.filter { $0["type"]?.string == "com.twilio.accountsecurity.verify.verification.approved" }.count
        XCTAssertGreaterThan(Double(approved) / Double(pending), 0.8)

        let countries = Set(try SimulationFixture.twilioMessages(dir).compactMap { m -> String? in
            guard let to = m["to"]?.string else { return nil }
            return String(to.prefix(3))
        })
        XCTAssertGreaterThan(countries.count, 6, "messages go to many countries")
    }

    func testSpendIsSteadyAndCoversTheWeekHourly() throws {
        let (dir, summary) = try SimulationFixture.run("baseline")
        let spend = SimulationFixture.metric(try SimulationFixture.metrics(dir), "SMSMonthToDateSpentUSD")
        XCTAssertEqual(spend.count, 7 * 24)
        XCTAssertEqual(spend.first?.0, summary.windowEnd - 3_600_000)
        XCTAssertEqual(spend.last?.0, summary.windowStart)
        for (newer, older) in zip(spend, spend.dropFirst()) {
            XCTAssertEqual(newer.0 - older.0, 3_600_000)
            XCTAssertGreaterThanOrEqual(newer.1, older.1)
        }
        // The month began before the window: the spend does not start at zero.
        XCTAssertGreaterThan(spend.last!.1, 1)
        let daily = (spend.first!.1 - spend.last!.1) / 7
        XCTAssertLessThan(daily, 5)
    }
}
