import Foundation
import XCTest

@testable import PumpwatchSources

final class WalkDirectoryTests: XCTestCase {
    var dir = ""

    override func setUpWithError() throws { dir = try Fixture.makeDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func testWalksRecursivelyInSortedOrderListingHiddenFiles() throws {
        for name in ["b/2.json", "b/10.json", "a.json", ".DS_Store", "b/c/deep.json", "B.json"] {
            try Fixture.write("{}", to: "\(dir)/\(name)")
        }
        let entries = DirectoryWalker().entries(under: [dir])
        XCTAssertEqual(entries.map { String($0.path.dropFirst(dir.count + 1)) }, [".DS_Store", "B.json", "a.json", "b/10.json", "b/2.json", "b/c/deep.json"])
        XCTAssertEqual(entries.first, .file(path: "\(dir)/.DS_Store", size: 2))
    }

    func testFilesAndFoldersAreTakenInTheOrderGiven() throws {
        let z = try Fixture.write("{}", to: "\(dir)/z.json")
        try Fixture.write("{}", to: "\(dir)/sub/a.json")
        let entries = DirectoryWalker().entries(under: [z, "\(dir)/sub/"])
        XCTAssertEqual(entries.map(\.path), [z, "\(dir)/sub/a.json"])
    }

    func testSymlinkLoopsAreReportedWithoutStopping() throws {
        try Fixture.write("{}", to: "\(dir)/logs/a.json")
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/logs/again", withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/ping", withDestinationPath: "\(dir)/pong")
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/pong", withDestinationPath: "\(dir)/ping")
        let entries = DirectoryWalker().entries(under: [dir])
        let files = entries.compactMap { if case .file(let p, _) = $0 { return p }; return nil }
        let problems = entries.compactMap { if case .problem(let p, let r) = $0 { return (p, r) }; return nil }
        XCTAssertEqual(files, ["\(dir)/logs/a.json"])
        XCTAssertEqual(problems.map(\.0), ["\(dir)/logs/again", "\(dir)/ping", "\(dir)/pong"])
        XCTAssertTrue(problems.allSatisfy { $0.1.contains("loop") }, "\(problems)")
    }

    func testMissingPathsDanglingLinksAndSpecialFilesAreProblems() throws {
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/dangling", withDestinationPath: "\(dir)/nowhere")
        XCTAssertEqual(mkfifo("\(dir)/pipe", 0o600), 0)
        let entries = DirectoryWalker().entries(under: [dir, "\(dir)/missing.json"])
        XCTAssertEqual(entries, [
            .problem(path: "\(dir)/dangling", reason: "No such file or directory"),
            .problem(path: "\(dir)/pipe", reason: "not a regular file or directory"),
            .problem(path: "\(dir)/missing.json", reason: "No such file or directory"),
        ])
    }

    func testFollowedLinksToFilesAreRead() throws {
        try Fixture.write("{}", to: "\(dir)/real/a.json")
        try FileManager.default.createSymbolicLink(atPath: "\(dir)/link.json", withDestinationPath: "\(dir)/real/a.json")
        let entries = DirectoryWalker().entries(under: [dir])
        XCTAssertEqual(entries.map(\.path), ["\(dir)/link.json", "\(dir)/real/a.json"])
    }

    func testUnreadableDirectoryIsAProblem() throws {
        if getuid() == 0 { throw XCTSkip("permissions do not apply to root") }
        try Fixture.write("{}", to: "\(dir)/locked/a.json")
        chmod("\(dir)/locked", 0)
        defer { chmod("\(dir)/locked", 0o755) }
        let entries = DirectoryWalker().entries(under: [dir])
        guard case .problem(_, let reason)? = entries.first else { return XCTFail("\(entries)") }
        XCTAssertTrue(reason.hasPrefix("cannot list directory"))
    }
}
