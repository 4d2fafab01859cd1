import PumpwatchCore
import PumpwatchDetect
import XCTest

final class FalconHostBaselineDetectorTests: XCTestCase {
    typealias H = DetectorHarness

    let notifyAid = "facd9b4aa010cd0e97b859e75bbce999"
    let webAid = "d2e1b29d777c0ed8f6edec0aead73595"

    /// NOTIFY-01 resolving api.twilio.com 8 times an hour, day and night, for a week.
    func steadyNotifier() -> [H.Record] {
        (0..<(7 * 24 * 8)).map { i in
            H.falconDNS(at: H.t0 - 6 * H.day + Int64(i) * 450_000, aid: notifyAid, computer: "NOTIFY-01", domain: "api.twilio.com", fileName: "node")
        }
    }

    func testSteadyNotificationServerDoesNotFire() throws {
        let records = steadyNotifier()
        XCTAssertEqual(try H.run(FalconHostBaselineDetector.self, records).count, 0, "192 lookups a day, but no more than usual")
    }

    func testHostWhoseLookupsJumpOnTheLastDayFires() throws {
        var records = steadyNotifier()
        // WEB-07 never resolved an SMS API before; on the last day a script resolves it 300 times
        // and connects 400 times.
        for i in 0..<(6 * 24) {
            records.append(H.falconDNS(at: H.t0 - 6 * H.day + Int64(i) * H.hour, aid: webAid, computer: "WEB-07", domain: "api.stripe.com", fileName: "w3wp.exe"))
        }
        for i in 0..<300 {
            records.append(H.falconDNS(at: H.t0 + 2 * H.hour + Int64(i) * 20_000, aid: webAid, computer: "WEB-07", domain: "api.twilio.com", fileName: "python3.11.exe", pid: "\(9000 + i % 2)"))
        }
        for i in 0..<400 {
            records.append(H.falconConnect(at: H.t0 + 2 * H.hour + Int64(i) * 15_000, aid: webAid, computer: "WEB-07", remote: "54.172.60.3", process: "python3.11.exe"))
        }
        // And NOTIFY-01 doubles its lookups on the last day: still not 5 times its usual peak.
        for i in 0..<(24 * 8) {
            records.append(H.falconDNS(at: H.t0 + Int64(i) * 450_000 + 1000, aid: notifyAid, computer: "NOTIFY-01", domain: "api.twilio.com", fileName: "node"))
        }
        let findings = try H.run(FalconHostBaselineDetector.self, records)
        XCTAssertEqual(findings.count, 2)
        let byBranch = Dictionary(uniqueKeysWithValues: findings.map { ($0.fields.first { $0.0 == "DetectionBranch" }!.1.stringValue!, $0) })
        let dns = try XCTUnwrap(byBranch["DNSLookup-SMSProvider"])
        XCTAssertEqual(dns.entity("ComputerName"), .string("WEB-07"))
        XCTAssertEqual(dns.entity("aid"), .string(webAid))
        XCTAssertEqual(dns.entity("DomainName"), .string("api.twilio.com"))
        XCTAssertEqual(dns.count, 300)
        XCTAssertEqual(H.evidence(dns, "peak_hour_count"), .int(180))
        XCTAssertEqual(H.evidence(dns, "baseline_hourly_p95"), .double(0))
        XCTAssertEqual(H.evidence(dns, "unique_processes"), .int(2))
        XCTAssertEqual(H.evidence(dns, "file_names"), .string("python3.11.exe (300)"))
        XCTAssertEqual(dns.fields.first { $0.0 == "RiskScore" }?.1, .string("Medium"))
        let connect = try XCTUnwrap(byBranch["NetworkConnect-HighVolumeHTTPS"])
        XCTAssertEqual(connect.entity("TargetProcessName"), .string("python3.11.exe"))
        XCTAssertEqual(connect.count, 400)
        XCTAssertEqual(H.evidence(connect, "remote_addresses"), .string("54.172.60.3 (400)"))
    }

    func testSuppressedHostsAndProcessFilters() throws {
        var records: [H.Record] = []
        for i in 0..<300 {
            records.append(H.falconDNS(at: H.t0 + Int64(i) * 10_000, aid: webAid, computer: "WEB-07", domain: "API.TWILIO.COM", fileName: "python3.11.exe"))
            // A process without a script extension is outside the connection branch, as in the seed.
            records.append(H.falconConnect(at: H.t0 + Int64(i) * 10_000, aid: webAid, computer: "WEB-07", remote: "54.172.60.3", process: "node"))
        }
        XCTAssertEqual(try H.run(FalconHostBaselineDetector.self, records).count, 1)
        XCTAssertEqual(try H.run(FalconHostBaselineDetector.self, records, parameters: ["suppress": .array([.string("web-07")])]).count, 0)
        XCTAssertEqual(try H.run(FalconHostBaselineDetector.self, records, parameters: ["suppress": .string(webAid)]).count, 0)
        XCTAssertEqual(try H.run(FalconHostBaselineDetector.self, records, parameters: ["dns_threshold": .int(300)]).count, 0)
        XCTAssertThrowsError(try H.run(FalconHostBaselineDetector.self, [], parameters: ["percentile": .int(0)]))
    }
}
