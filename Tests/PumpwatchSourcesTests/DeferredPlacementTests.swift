import CByteScan
import PumpwatchCore
import XCTest

@testable import PumpwatchSources

/// A builder whose filter takes few records lets the vector scanner defer placing values until
/// they are read (`ProjectedEventBuilder.deferring`); one whose filter takes most places them as it
/// scans. Either way it gives what the full path gives, record by record.
final class DeferredPlacementTests: XCTestCase {
    /// Tests the conditions on built events' fields, as the engine would.
    private final class EqualsTester: EventConditionTester {
        let conditions: [EventCondition]
        init(_ conditions: [EventCondition]) { self.conditions = conditions }
        func holds(_ index: Int, fields: [String: Value]) -> Bool {
            let c = conditions[index]
            guard case .equals(let t)? = c.shape, case .string(let s)? = fields[c.fields[0]] else { return false }
            return s == t
        }
    }

    /// Reads the corpus (three times) with a builder for `conditions` (one branch each), compares
    /// every record with the full path, and returns whether the builder was deferring at the end.
    private func readCorpus(_ conditions: [EventCondition], file: StaticString = #filePath, line: UInt = #line) throws -> (deferring: Bool, taken: Int) {
        let filter = EventFilter(conditions: conditions, branches: conditions.indices.map { [$0] }, makeTester: { EqualsTester(conditions) })
        let projection = FieldProjection(names: ["event.action", "event.provider", "cloud.region", "source.address", "user_agent.original", "event.id"])
        let projector = try XCTUnwrap(CloudTrailProjector(projection: projection))
        let builder = ProjectedEventBuilder(
            projector: projector, format: .cloudtrail, projection: projection, filter: filter, readsShapes: true, deferralWindow: 16)
        let tester = EqualsTester(conditions)
        let reader = FormatReaders.reader(for: .cloudtrail)
        let lines = Array(repeating: FastPathCorpus.cloudTrail + FastPathCorpus.brokenLines, count: 3).flatMap { $0 }
        var taken = 0
        for (n, text) in lines.enumerated() {
            let bytes = Array(text.utf8)
            let raw = RawRecord(bytes: bytes, line: n + 1, index: 1)
            var expected: [Event] = []
            var expectedError: MalformedRecord?
            do {
                for var event in try reader.events(of: raw, origin: reader.origin(of: raw, path: "deferred.ndjson", layout: .lines))
                where conditions.indices.contains(where: { tester.holds($0, fields: event.fields) }) {
                    let timestamp = event.fields["@timestamp"]
                    projection.apply(to: &event.fields)
                    if let timestamp { event.fields["@timestamp"] = timestamp }
                    expected.append(event)
                }
            } catch {
                expectedError = error
            }
            var got: [Event] = []
            let bad = bytes.withUnsafeBytes { b in
                // As the parallel reader reads lines: through shapes, finding the line's end on the way.
                if let read = builder.readLine(
                    b.baseAddress!, available: b.count, maxBytes: 1 << 20, line: n + 1, path: "deferred.ndjson",
                    emit: { e, _ in got.append(e) }, direct: { _, _, _, _ in })
                {
                    return read.malformed
                }
                return builder.read(b, line: n + 1, index: 1, path: "deferred.ndjson", layout: .lines, emit: { e, _ in got.append(e) })
            }
            XCTAssertEqual(bad, expectedError, text, file: file, line: line)
            XCTAssertEqual(got.map(\.fields), expected.map(\.fields), text, file: file, line: line)
            taken += got.count
        }
        // The comparison was of the fast path: most records did not fall back to the full one.
        XCTAssertGreaterThan(builder.fastRecords, lines.count * 3 / 4, file: file, line: line)
        return (builder.deferring, taken)
    }

    func testFewTakenRecordsDeferPlacementAndReadAsTheFullPath() throws {
        try XCTSkipUnless(RecordShapeMemo.isAvailable, "the processor lacks AVX-512 VBMI2")
        let few = try readCorpus([EventCondition(fields: ["event.action"], shape: .equals("Publish"))])
        XCTAssertTrue(few.deferring)
        XCTAssertGreaterThan(few.taken, 20)
    }

    func testMostTakenRecordsPlaceValuesWhileScanning() throws {
        try XCTSkipUnless(RecordShapeMemo.isAvailable, "the processor lacks AVX-512 VBMI2")
        let providers = ["sns.amazonaws.com", "s3.amazonaws.com", "cognito-idp.amazonaws.com"]
        let most = try readCorpus(providers.map { EventCondition(fields: ["event.provider"], shape: .equals($0)) })
        XCTAssertFalse(most.deferring)
        XCTAssertGreaterThan(most.taken, 600)
    }
}
