import Foundation
import PumpwatchCore
import XCTest

@testable import PumpwatchSources

/// Following files as they grow, rotate and restart.
final class FileFollowerTests: XCTestCase {
    /// One CloudTrail record as a line, SNS `Publish` to a phone number.
    static func publish(_ i: Int) -> String {
        let minute = String(format: "%02d", i % 60)
        return #"{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/app","accountId":"111122223333"},"eventTime":"2026-11-20T10:"# + minute
            + #":00Z","eventSource":"sns.amazonaws.com","eventName":"Publish","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9","userAgent":"aws-sdk-go/1.44","requestParameters":{"phoneNumber":"+1555010"# + String(format: "%04d", i)
            + #""},"eventID":"0b6f6c2e-0000-4000-8000-"# + String(format: "%012d", i) + #"","eventType":"AwsApiCall","recipientAccountId":"111122223333"}"# + "\n"
    }

    static func lines(_ range: Range<Int>) -> String { range.map(publish).joined() }

    struct Collected {
        var events: [Event] = []
        var malformed: [MalformedRecord] = []
        var ids: [String] { events.compactMap { $0.fields["event.id"]?.stringValue } }
        var lines: [Int] { events.map(\.origin.line) }
    }

    func poll(_ follower: FileFollower) throws -> (Collected, FollowPoll) {
        var c = Collected()
        let r = try follower.poll(onEvent: { c.events.append($0) }, onMalformed: { c.malformed.append($0) })
        return (c, r)
    }

    func append(_ text: String, to path: String) throws {
        let h = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        h.seekToEndOfFile()
        h.write(Data(text.utf8))
        h.closeFile()
    }

    func testAppendedLinesAreReadOnceAndPartialLinesWait() throws {
        let dir = try Fixture.makeDirectory()
        let path = try Fixture.write(Self.lines(0..<3), to: dir + "/trail.ndjson")
        let follower = FileFollower(paths: [dir])
        var (c, r) = try poll(follower)
        XCTAssertEqual(c.events.count, 3)
        XCTAssertEqual(r.newFiles, 1)
        XCTAssertEqual(c.lines, [1, 2, 3])
        XCTAssertEqual(c.events.first?.format, .cloudtrail)

        let fourth = Self.publish(3)
        try append(String(fourth.prefix(40)), to: path)
        (c, r) = try poll(follower)
        XCTAssertEqual(c.events.count, 0, "a partial line waits for its newline")
        XCTAssertTrue(c.malformed.isEmpty)

        try append(String(fourth.dropFirst(40)) + Self.publish(4), to: path)
        (c, _) = try poll(follower)
        XCTAssertEqual(c.lines, [4, 5])
        XCTAssertEqual(c.ids, ["0b6f6c2e-0000-4000-8000-000000000003", "0b6f6c2e-0000-4000-8000-000000000004"])
        (c, _) = try poll(follower)
        XCTAssertEqual(c.events.count, 0)
    }

    func testMalformedLineIsReportedWithItsLineNumberAndReadingGoesOn() throws {
        let dir = try Fixture.makeDirectory()
        let path = try Fixture.write(Self.lines(0..<2), to: dir + "/trail.ndjson")
        let follower = FileFollower(paths: [dir])
        _ = try poll(follower)
        try append("{\"eventVersion\": \"1.08\", broken\n" + Self.publish(2), to: path)
        let (c, r) = try poll(follower)
        XCTAssertEqual(c.events.count, 1)
        XCTAssertEqual(r.malformed, 1)
        XCTAssertEqual(c.malformed.first?.origin, Origin(file: path, line: 3))
        XCTAssertEqual(c.lines, [4])
    }

    func testRenamedFileKeepsItsPositionAndTheNewFileIsReadFromTheStart() throws {
        let dir = try Fixture.makeDirectory()
        let path = try Fixture.write(Self.lines(0..<3), to: dir + "/app.ndjson")
        let follower = FileFollower(paths: [dir])
        _ = try poll(follower)
        try append(Self.publish(3), to: path)
        try FileManager.default.moveItem(atPath: path, toPath: dir + "/app.ndjson.1")
        try Fixture.write(Self.lines(10..<12), to: path)
        let (c, _) = try poll(follower)
        XCTAssertEqual(Set(c.ids), Set([3, 10, 11].map { "0b6f6c2e-0000-4000-8000-" + String(format: "%012d", $0) }))
        XCTAssertEqual(c.events.count, 3, "nothing read twice")
    }

    func testCopyTruncateRotationStartsAgainFromTheTop() throws {
        let dir = try Fixture.makeDirectory()
        let path = try Fixture.write(Self.lines(0..<3), to: dir + "/app.ndjson")
        let follower = FileFollower(paths: [dir])
        _ = try poll(follower)
        try Data().write(to: URL(fileURLWithPath: path))
        try append(Self.lines(20..<22), to: path)
        let (c, r) = try poll(follower)
        XCTAssertEqual(r.truncated, 1)
        XCTAssertEqual(c.lines, [1, 2])
        XCTAssertEqual(c.events.count, 2)
    }

    func testWholeFilesAreReadOnceWhenTheyStopChanging() throws {
        let dir = try Fixture.makeDirectory()
        let records = "{\"Records\": [" + (0..<4).map { Self.publish($0).trimmingCharacters(in: .newlines) }.joined(separator: ",") + "]}"
        try Fixture.write(Fixture.gzip(records), to: dir + "/111122223333_CloudTrail_us-east-1_20261120T1000Z_a.json.gz")
        let follower = FileFollower(paths: [dir])
        var (c, r) = try poll(follower)
        XCTAssertEqual(c.events.count, 0)
        XCTAssertEqual(r.waiting, 1, "a new whole file waits one pass for its size to settle")
        (c, r) = try poll(follower)
        XCTAssertEqual(c.events.count, 4)
        XCTAssertEqual(r.newFiles, 1)
        (c, _) = try poll(follower)
        XCTAssertEqual(c.events.count, 0)
    }

    func testRestartFromPositionsReadsOnlyWhatIsNewAndReplayRereadsTheRest() throws {
        let dir = try Fixture.makeDirectory()
        let path = try Fixture.write(Self.lines(0..<3), to: dir + "/trail.ndjson")
        let first = FileFollower(paths: [dir])
        _ = try poll(first)
        let saved = try JSONDecoder().decode([FollowedFile].self, from: JSONEncoder().encode(first.positions))
        XCTAssertEqual(saved, first.positions)
        try append(Self.lines(3..<5), to: path)

        let second = FileFollower(paths: [dir], positions: saved)
        var replayed: [Int] = []
        try second.replay(onEvent: { replayed.append($0.origin.line) }, onMalformed: { _ in })
        XCTAssertEqual(replayed, [1, 2, 3], "replay stops at the saved position")
        let (c, _) = try poll(second)
        XCTAssertEqual(c.lines, [4, 5])
    }

    func testRotatedAndCompressedCopyOnlyGivesTheLinesAfterThePosition() throws {
        let dir = try Fixture.makeDirectory()
        let text = Self.lines(0..<30)
        let path = try Fixture.write(text, to: dir + "/app.ndjson")
        let follower = FileFollower(paths: [dir])
        _ = try poll(follower)
        let more = Self.publish(30)
        try FileManager.default.removeItem(atPath: path)
        try Fixture.write(Fixture.gzip(text + more), to: dir + "/app.ndjson.1.gz")
        var (c, _) = try poll(follower)
        XCTAssertEqual(c.events.count, 0)
        (c, _) = try poll(follower)
        XCTAssertEqual(c.lines, [31])
        XCTAssertEqual(c.ids, ["0b6f6c2e-0000-4000-8000-000000000030"])
    }
}
