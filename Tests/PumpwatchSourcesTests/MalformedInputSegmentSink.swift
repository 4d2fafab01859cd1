import PumpwatchCore
import XCTest

@testable import PumpwatchSources

/// Collects the events of one segment of a parallel read.
final class MalformedInputSegmentSink: SegmentEventSink, @unchecked Sendable {
    var events: [Event] = []

    func push(_ event: Event, branches: UInt64) { events.append(event) }

    func push(value: (Int) -> Value?, format: SourceFormat, branches: UInt64) {
        XCTFail("a read without a filter has no direct fields")
    }
}
