import PumpwatchCore
import XCTest

@testable import PumpwatchSources

final class SplitJSONRecordsTests: XCTestCase {
    private func split(_ text: String, _ layout: RecordLayout, chunkSize: Int = 3, max: Int = 1 << 20) throws -> [SplitItem] {
        try split(Array(text.utf8), layout, chunkSize: chunkSize, max: max)
    }

    private func split(_ bytes: [UInt8], _ layout: RecordLayout, chunkSize: Int = 3, max: Int = 1 << 20) throws -> [SplitItem] {
        let splitter = JSONRecordSplitter(source: MemoryByteStream(bytes, chunkSize: chunkSize), layout: layout, maxRecordBytes: max)
        var items: [SplitItem] = []
        while let item = try splitter.next() { items.append(item) }
        return items
    }

    private func texts(_ items: [SplitItem]) -> [String] {
        items.compactMap { if case .record(let r) = $0 { return r.text }; return nil }
    }

    private func failures(_ items: [SplitItem]) -> [SplitFailure] {
        items.compactMap { if case .failure(let f) = $0 { return f }; return nil }
    }

    func testElementsOfATopLevelArray() throws {
        let text = "[\n  {\"a\": \"]}\\\"[{\"},\n  {\"b\": [1, {\"c\": 2}]},\n  3, \"s\", null\n]\n"
        for chunk in [1, 2, 5, 1000] {
            let items = try split(text, .array, chunkSize: chunk)
            XCTAssertEqual(texts(items), ["{\"a\": \"]}\\\"[{\"}", "{\"b\": [1, {\"c\": 2}]}", "3", "\"s\"", "null"], "chunk \(chunk)")
            XCTAssertEqual(failures(items), [])
            let lines = items.compactMap { if case .record(let r) = $0 { return r.line }; return nil }
            XCTAssertEqual(lines, [2, 3, 4, 4, 4])
            let indexes = items.compactMap { if case .record(let r) = $0 { return r.index }; return nil }
            XCTAssertEqual(indexes, [1, 2, 3, 4, 5])
        }
    }

    func testElementsOfTheArrayUnderAKeyWithOtherMembersAround() throws {
        let text = """
            {"before": {"Records": [9, 9], "s": "}]"}, "n": 1,
             "Records": [{"eventID": "e1"},
               {"eventID": "e2", "nested": {"Records": []}}],
             "after": ["x", {"y": "]"}]}
            """
        for chunk in [1, 4, 4096] {
            let items = try split(text, .arrayUnderKey("Records"), chunkSize: chunk)
            XCTAssertEqual(texts(items), [#"{"eventID": "e1"}"#, #"{"eventID": "e2", "nested": {"Records": []}}"#], "chunk \(chunk)")
            XCTAssertEqual(failures(items), [])
            if case .record(let second) = items[1] { XCTAssertEqual(second.line, 3) }
        }
    }

    func testSeveralWrapperDocumentsInARow() throws {
        let text = #"{"messages": [{"sid": "SM1"}], "page": 0}{"messages": [{"sid": "SM2"}, {"sid": "SM3"}], "page": 1}"#
        let items = try split(text, .arrayUnderKey("messages"))
        XCTAssertEqual(texts(items), [#"{"sid": "SM1"}"#, #"{"sid": "SM2"}"#, #"{"sid": "SM3"}"#])
        if case .record(let third) = items[2] { XCTAssertEqual(third.index, 3) }
    }

    func testConcatenatedDocumentsWithoutSeparator() throws {
        let a = Fixture.subscriptionDocument(ids: ["m1"])
        let b = Fixture.subscriptionDocument(ids: ["m2", "m3"])
        for chunk in [1, 7, 1 << 20] {
            let items = try split(a + b + "\n" + a + "\n", .documents, chunkSize: chunk)
            XCTAssertEqual(texts(items), [a, b, a])
            let lines = items.compactMap { if case .record(let r) = $0 { return r.line }; return nil }
            XCTAssertEqual(lines, [1, 1, 2])
        }
    }

    func testArrayUnderKeyThatIsNotAnArray() throws {
        let items = try split(#"{"Records": 5, "other": true}"#, .arrayUnderKey("Records"))
        XCTAssertEqual(texts(items), [])
        XCTAssertEqual(failures(items), [SplitFailure(line: 1, reason: "\"Records\" is not an array")])
    }

    func testDocumentWithoutTheKeyIsReported() throws {
        let items = try split("{\"other\": [1]}\n", .arrayUnderKey("Records"))
        XCTAssertEqual(failures(items), [SplitFailure(line: 1, reason: "document has no \"Records\" array")])
    }

    func testEmptyArraysAndEmptyInput() throws {
        XCTAssertEqual(try split(#"{"Records": []}"#, .arrayUnderKey("Records")), [])
        XCTAssertEqual(try split("[]", .array), [])
        XCTAssertEqual(try split("  \n", .array), [])
        XCTAssertEqual(try split("", .documents), [])
    }

    func testRecordCutOffAtEndOfInputAfterCompleteOnes() throws {
        let text = "{\"Records\": [\n" + Fixture.cloudTrailRecord(id: "e1") + ",\n" + Fixture.cloudTrailRecord(id: "e2") + ",\n" + String(Fixture.cloudTrailRecord(id: "e3").prefix(120))
        let items = try split(text, .arrayUnderKey("Records"), chunkSize: 64)
        XCTAssertEqual(texts(items).count, 2)
        XCTAssertEqual(failures(items), [SplitFailure(line: 4, index: 3, reason: "record cut off at end of input")])
    }

    func testDocumentCutOffBetweenRecords() throws {
        let items = try split("[{\"a\":1},", .array)
        XCTAssertEqual(texts(items), ["{\"a\":1}"])
        XCTAssertEqual(failures(items).map(\.reason), ["document cut off at end of input"])
        let unclosed = try split("{\"Records\": [", .arrayUnderKey("Records"))
        XCTAssertEqual(failures(unclosed).map(\.reason), ["document cut off at end of input"])
    }

    func testOversizedElementIsSkippedAndTheNextOneRead() throws {
        let big = "{\"pad\": \"" + String(repeating: "x", count: 5000) + "\"}"
        let items = try split("[" + big + ", {\"small\": 1}]", .array, chunkSize: 256, max: 1000)
        XCTAssertEqual(texts(items), ["{\"small\": 1}"])
        XCTAssertEqual(failures(items), [SplitFailure(line: 1, index: 1, reason: "record larger than 1000 bytes, skipped")])
        if case .record(let r) = items[1] { XCTAssertEqual(r.index, 2) }
    }

    func testBrokenStructureStopsTheFileWithOneReport() throws {
        let items = try split("[{\"a\":1} {\"b\":2}]", .array)
        XCTAssertEqual(texts(items), ["{\"a\":1}"])
        XCTAssertEqual(failures(items).count, 1)
        XCTAssertTrue(failures(items)[0].reason.hasPrefix("expected ',' or ']'"))
        let wrongOpen = try split("[1]", .arrayUnderKey("Records"))
        XCTAssertEqual(failures(wrongOpen).count, 1)
        let garbage = try split("{\"a\":1} xyz", .documents)
        XCTAssertEqual(texts(garbage), ["{\"a\":1}"])
        XCTAssertEqual(failures(garbage).count, 1)
    }

    func testByteOrderMarkBeforeTheDocument() throws {
        let items = try split([0xEF, 0xBB, 0xBF] + Array("[{\"a\":1}]".utf8), .array, chunkSize: 1)
        XCTAssertEqual(texts(items), ["{\"a\":1}"])
    }

    func testEscapedQuotesAndBackslashesInsideStrings() throws {
        let element = #"{"k": "a \\\" ] } \\", "l": "\\"}"#
        let items = try split("[" + element + "]", .array, chunkSize: 1)
        XCTAssertEqual(texts(items), [element])
        XCTAssertNoThrow(try JSONParser.parse(element))
    }
}
