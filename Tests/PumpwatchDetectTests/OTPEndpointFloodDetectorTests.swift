import PumpwatchCore
import PumpwatchDetect
import XCTest

final class OTPEndpointFloodDetectorTests: XCTestCase {
    typealias H = DetectorHarness

    /// Seed test 3: 60 send-otp requests in ~15 s from one ClientIP, 10 × 200 then 50 × 429,
    /// in Application Insights and the access log.
    func testSendOTPBurstFiresOnceAcrossBothLogs() throws {
        var records: [H.Record] = []
        for i in 0..<60 {
            let t = H.t0 + Int64(i) * 245
            records.append(H.appRequest(at: t, ip: "203.0.113.77", path: "/api/auth/send-otp", status: i < 10 ? 200 : 429))
        }
        for i in 0..<60 {
            let t = H.t0 + Int64(i) * 245
            records.append(H.accessLine(at: t, ip: "203.0.113.77", path: "/api/auth/send-otp", status: i < 10 ? 200 : 429))
        }
        let findings = try H.run(OTPEndpointFloodDetector.self, records)
        XCTAssertEqual(findings.count, 1)
        let f = try XCTUnwrap(findings.first)
        XCTAssertEqual(f.entity("source.ip"), .string("203.0.113.77"))
        XCTAssertEqual(f.count, 60)
        XCTAssertEqual(H.evidence(f, "rate_limited_429"), .int(50))
        XCTAssertEqual(H.evidence(f, "rate_limited_share")?.doubleValue ?? 0, 50.0 / 60, accuracy: 0.001)
        XCTAssertEqual(H.evidence(f, "paths"), .string("/api/auth/send-otp (60)"))
        XCTAssertEqual(H.evidence(f, "status_codes"), .string("429 (50), 200 (10)"))
        XCTAssertEqual(Set(f.sources), ["AppRequests.ndjson", "access.log"])
        XCTAssertEqual(H.evidence(f, "logs"), .array([.string("web-access"), .string("app-requests")]))
    }

    func testOnlyOTPPathsCount() throws {
        let records = (0..<100).map { H.accessLine(at: H.t0 + Int64($0) * 500, ip: "66.249.66.1", method: "GET", path: "/products/p\($0)", status: 200) }
        XCTAssertEqual(try H.run(OTPEndpointFloodDetector.self, records).count, 0)
        let custom = try H.run(OTPEndpointFloodDetector.self, records, parameters: ["paths": .array([.string("/products")])])
        XCTAssertEqual(custom.count, 1)
    }

    func testCustomerLoginsDoNotFire() throws {
        var records: [H.Record] = []
        for i in 0..<200 {
            let ip = "73.162.3.\(i % 100)"
            let t = H.t0 + Int64(i) * 30_000
            records.append(H.accessLine(at: t, ip: ip, path: "/api/auth/send-otp", status: 200, userAgent: "Mozilla/5.0"))
            records.append(H.accessLine(at: t + 20_000, ip: ip, path: "/api/auth/verify-otp", status: 200, userAgent: "Mozilla/5.0"))
        }
        XCTAssertEqual(try H.run(OTPEndpointFloodDetector.self, records).count, 0)
    }
}
