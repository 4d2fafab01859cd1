import PumpwatchCore
import PumpwatchSimulate
import XCTest

/// The pumping campaigns: each must carry the signal it is meant to exercise.
final class CampaignScenarioTests: XCTestCase {
    func testSequentialBlockTextsConsecutiveNumbersFromFewAddresses() throws {
        let (dir, _) = try SimulationFixture.run("sequential-block")
        let publishes = try SimulationFixture.cloudTrailRecords(dir).filter { $0["eventName"]?.string == "Publish" }
        let numbers = publishes.compactMap { $0["requestParameters"]?["phoneNumber"]?.string }
        XCTAssertEqual(numbers, (0..<100).map { "+88216543212" + ($0 < 10 ? "0" : "") + String($0) })
        XCTAssertEqual(Set(publishes.compactMap { $0["sourceIPAddress"]?.string }), ["203.0.113.10", "203.0.113.11"])
        XCTAssertEqual(Set(publishes.compactMap { $0["userIdentity"]?["userName"]?.string }), ["svc-reporting"])

        let messages = try SimulationFixture.twilioMessages(dir)
        let destinations = messages.compactMap { $0["to"]?.string }.sorted()
        XCTAssertEqual(destinations, (0..<100).map { "+232761234" + ($0 < 10 ? "0" : "") + String($0) })
        let requests = try SimulationFixture.accessLog(dir)
        XCTAssertEqual(requests.filter { $0.contains("/api/auth/send-otp") }.count, 100)
        XCTAssertEqual(requests.filter { $0.contains("/api/auth/verify-otp") }.count, 0, "pumped codes are never entered")
        XCTAssertEqual(Set(requests.map { String($0.split(separator: " ")[0]) }).count, 3)
    }

    func testHighRiskCountriesRiseInVolumeAndCostPerMessage() throws {
        let (dir, _) = try SimulationFixture.run("high-risk-countries")
        let messages = try SimulationFixture.twilioMessages(dir)
        let highRisk = ["+232", "+881", "+882", "+371", "+998", "+234", "+880"]
        XCTAssertEqual(messages.count, 15 + 30 + 60 + 120)
        XCTAssertTrue(messages.allSatisfy { m in highRisk.contains { (m["to"]?.string ?? "").hasPrefix($0) } })
        var perHour: [Int64: (count: Int, cost: Double)] = [:]
        for m in messages {
            let hour = (Timestamp.parse(m["date_created"]?.string ?? "") ?? 0) / 3_600_000
            let cost = -(Double(m["price"]?.string ?? "0") ?? 0)
            perHour[hour, default: (0, 0)].count += 1
            perHour[hour, default: (0, 0)].cost += cost
        }
        let hours = perHour.keys.sorted()
        XCTAssertEqual(hours.count, 4)
        let counts = hours.map { perHour[$0]!.count }
        XCTAssertEqual(counts, counts.sorted())
        let costPerMessage = hours.map { perHour[$0]!.cost / Double(perHour[$0]!.count) }
        XCTAssertGreaterThan(costPerMessage.last!, costPerMessage.first! * 1.5)
        // Cognito sign-ups text the same kind of numbers through SNS, never confirmed.
        let records = try SimulationFixture.cloudTrailRecords(dir)
        XCTAssertGreaterThan(records.filter { $0["eventName"]?.string == "SignUp" }.count, 0)
        XCTAssertEqual(records.filter { $0["eventName"]?.string == "ConfirmSignUp" }.count, 0)
        let spend = SimulationFixture.metric(try SimulationFixture.metrics(dir), "SMSMonthToDateSpentUSD")
        XCTAssertGreaterThan(spend.first!.1, 1.0)
    }

    func testLowAndSlowStaysUnderPerAddressLimitsButConversionCollapses() throws {
        let (dir, _) = try SimulationFixture.run("low-and-slow")
        let lines = try SimulationFixture.accessLog(dir)
        let sends = lines.filter { $0.contains("/api/auth/send-otp") }
        let verifies = lines.filter { $0.contains("/api/auth/verify-otp") }
        XCTAssertEqual(sends.count, 300)
        XCTAssertLessThan(Double(verifies.count) / Double(sends.count), 0.1)
        var byAddress: [String: [Int64]] = [:]
        for line in sends {
            byAddress[String(line.split(separator: " ")[0]), default: []].append(SimulationFixture.accessLogTime(line)!)
        }
        XCTAssertGreaterThan(byAddress.count, 120)
        for times in byAddress.values {
            let sorted = times.sorted()
            for (i, t) in sorted.enumerated() {
                XCTAssertLessThanOrEqual(sorted[i...].prefix { $0 < t + 600_000 }.count, 3, "a per-address limit would catch this")
            }
        }
        let times = sends.compactMap(SimulationFixture.accessLogTime)
        XCTAssertGreaterThan(times.max()! - times.min()!, 20 * 3_600_000)

        let events = try SimulationFixture.twilioEvents(dir)
        XCTAssertEqual(events.filter { $0["type"]?.string == "com.twilio.accountsecurity.verify.verification.pending" }.count, 80)
        XCTAssertEqual(events.filter { $0["type"]?.string == "com.twilio.accountsecurity.verify.verification.approved" }.count, 0)
        XCTAssertEqual(events.filter { $0["type"]?.string == "com.twilio.accountsecurity.verify.verification.expired" }.count, 80)
        let records = try SimulationFixture.cloudTrailRecords(dir)
        let signUps = records.filter { $0["eventName"]?.string == "SignUp" }.count
        let confirmed = records.filter { $0["eventName"]?.string == "ConfirmSignUp" }.count
        XCTAssertEqual(signUps, 120)
        XCTAssertLessThan(Double(confirmed) / Double(signUps), 0.1)
    }

    func testCompromisedHostFiresBothBranchesOfTheLogScaleRule() throws {
        let (dir, _) = try SimulationFixture.run("compromised-host")
        let events = try SimulationFixture.falconEvents(dir)
        XCTAssertTrue(events.allSatisfy { e in (e.objectMembers ?? []).allSatisfy { $0.1.string != nil } }, "Falcon values are all strings")
        let web07 = events.filter { $0["ComputerName"]?.string == "WEB-07" }
        let lookups = web07.filter { $0["event_simpleName"]?.string == "DnsRequest" && $0["DomainName"]?.string == "api.twilio.com" }
        XCTAssertGreaterThan(lookups.count, 500)
        XCTAssertEqual(Set(lookups.compactMap { $0["FileName"]?.string }), ["python3.11.exe", "node.exe"])
        XCTAssertGreaterThan(Set(lookups.compactMap { $0["ContextProcessId"]?.string }).count, 1)
        var connections: [String: Int] = [:]
        for e in web07 where e["event_simpleName"]?.string == "NetworkConnectIP4" && e["RemotePort"]?.string == "443" {
            let process = e["TargetProcessName"]?.string ?? ""
            guard process.hasSuffix(".exe") else { continue }
            connections["\(e["RemoteAddressIP4"]?.string ?? "") \(process)", default: 0] += 1
        }
        XCTAssertEqual(connections["54.172.60.3 python3.11.exe"], 1200)
        XCTAssertEqual(connections["54.244.51.4 node.exe"], 250)
        for e in web07 {
            for field in ["aid", "cid", "ComputerName", "timestamp", "ContextTimeStamp", "ContextProcessId", "event_simpleName"] {
                XCTAssertNotNil(e[field]?.string, field)
            }
            XCTAssertNotNil(Int64(e["timestamp"]?.string ?? ""))
            XCTAssertEqual(e["ContextTimeStamp"]?.string?.contains("."), true)
        }
        let connection = try XCTUnwrap(web07.first { $0["event_simpleName"]?.string == "NetworkConnectIP4" })
        for field in ["RemoteAddressIP4", "RemotePort", "LocalAddressIP4", "LocalPort", "Protocol", "TargetProcessName"] {
            XCTAssertNotNil(connection[field]?.string, field)
        }
    }
}
