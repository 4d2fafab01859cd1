import Foundation
import XCTest

@testable import PumpwatchGuard

/// Learning a baseline from history, saving it, and starting a guard warm from it.
final class BaselineTests: XCTestCase {
    /// Two days of GB codes (nine in ten verified within a minute) and a few unverified FR ones.
    static func history() -> [ReplayRecord] {
        var records: [ReplayRecord] = []
        for i in 0..<40 {
            let t = T.t0 + Int64(i) * T.hour
            let to = "+4477009\(String(10_000 + i).suffix(5))"
            records.append(ReplayRecord(time: t, kind: .check(CheckRequest(to: to, id: "h\(i)"))))
            if i % 10 != 0 { records.append(ReplayRecord(time: t + 30 * T.second, kind: .verified(id: i % 2 == 0 ? "h\(i)" : nil, to: i % 2 == 0 ? nil : to))) }
        }
        for i in 0..<3 { records.append(ReplayRecord(time: T.t0 + Int64(i) * 5 * T.hour + 10 * T.minute, kind: .check(CheckRequest(to: "+3361234567\(i)")))) }
        return ReplayInput(records: records).records
    }

    func testLearnsCountriesConversionAndVolumes() throws {
        let b = BaselineBuilder().build(records: Self.history())
        XCTAssertEqual(b.sends, 43)
        XCTAssertEqual(b.verified, 36)
        XCTAssertTrue(b.hasVerifications)
        XCTAssertEqual(Set(b.countries.keys), ["GB", "FR"])
        let gb = try XCTUnwrap(b.countries["GB"])
        XCTAssertEqual(gb.sends, 40)
        XCTAssertEqual(gb.conversion, 0.9)
        XCTAssertEqual(gb.dailySendsMax, 23, "01:00 to 23:00 on the first day")
        XCTAssertEqual(gb.hourlySendsP95, 1)
        XCTAssertNil(b.countries["FR"]?.conversion, "three sends are too few for a rate")
        XCTAssertEqual(b.prefixes["+4477"]?.sends, 40)
        XCTAssertEqual(b.days, 1.63, accuracy: 0.01)
    }

    func testSavesLoadsAndWarmsTheGuard() throws {
        let path = NSTemporaryDirectory() + "baseline-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let b = BaselineBuilder().build(records: Self.history())
        FileManager.default.createFile(atPath: path, contents: b.jsonData())
        let loaded = try GuardBaseline.load(path: path)
        XCTAssertEqual(loaded, b)
        let g = T.guardian(baseline: loaded)
        XCTAssertNil(g.check(CheckRequest(to: "+447700900555"), at: T.t0 + 3 * T.day).reason("new-country"))
        XCTAssertNotNil(g.check(CheckRequest(to: "+4915112345678"), at: T.t0 + 3 * T.day).reason("new-country"))
        FileManager.default.createFile(atPath: path, contents: Data(#"{"version": 1}"#.utf8))
        XCTAssertThrowsError(try GuardBaseline.load(path: path)) { e in
            XCTAssertTrue((e as? BaselineError)?.description.contains("missing key") ?? false, "\(e)")
        }
    }

    func testBuildFromFilesNeedsSends() throws {
        let path = NSTemporaryDirectory() + "history-\(UUID().uuidString).ndjson"
        defer { try? FileManager.default.removeItem(atPath: path) }
        FileManager.default.createFile(atPath: path, contents: Data(#"{"type":"verified","id":"x","time":"2026-09-21T01:00:00Z"}"#.utf8))
        XCTAssertThrowsError(try BaselineBuilder().build(paths: [path]) { _ in }) { e in XCTAssertTrue(e is BaselineError) }
    }
}
