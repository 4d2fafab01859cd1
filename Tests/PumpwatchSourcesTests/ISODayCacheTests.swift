import XCTest

@testable import PumpwatchSources

/// `ISODayCache` reads every time as `CloudTrailProjector.isoMillis` does, whatever it read before.
final class ISODayCacheTests: XCTestCase {
    func testGivesWhatIsoMillisGivesInAnyOrder() {
        let times = [
            "2026-11-20T10:00:00Z", "2026-11-20T10:00:01Z", "2026-11-20T23:59:60Z", "2026-11-20T24:00:00Z",
            "2026-11-20T00:00:00.123Z", "2026-11-21T00:00:00Z", "2026-11-20T10:00:00Z", "2026-11-20T25:00:00Z",
            "2026-11-20T10:60:00Z", "2026-11-20T10:00:61Z", "2026-11-20T1a:00:00Z", "2026-11-20T10:00:00.1x3Z",
            "2026-11-20T10:00:00+0", "2026-11-20 10:00:00Z", "2026-11-20T10:00:00", "2026-13-20T10:00:00Z",
            "2026-11-20T10:00:00.999Z", "1969-12-31T23:59:59Z", "1969-12-31T00:00:00.001Z", "2024-02-29T12:00:00Z",
            "2026-11-20X10:00:00Z", "2026-11-20T10-00:00Z", "2026-11-20T10:00-00Z", "2026-11-20T10:00:00.000Y",
        ]
        var cache = ISODayCache()
        // Every pair in turn: a time read after any other.
        for first in times {
            for second in times {
                for t in [first, second] {
                    let bytes = Array(t.utf8)
                    let expected = bytes.withUnsafeBytes { CloudTrailProjector.isoMillis($0) }
                    let got = bytes.withUnsafeBytes { cache.millis($0) }
                    XCTAssertEqual(got, expected, "\(t) after \(first)")
                }
            }
        }
        // Sanity: the cases hold both readable and unreadable times.
        XCTAssertNotNil(Array("2026-11-20T24:00:00Z".utf8).withUnsafeBytes { CloudTrailProjector.isoMillis($0) })
        XCTAssertNil(Array("2026-11-20T25:00:00Z".utf8).withUnsafeBytes { CloudTrailProjector.isoMillis($0) })
    }
}
