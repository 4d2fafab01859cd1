import PumpwatchCore
import XCTest

@testable import PumpwatchSources

/// String content is skipped sixteen bytes at a time, then eight, then byte by byte, and short
/// members are read from one 64-byte mask where the processor has AVX-512: a byte that ends a plain
/// run (quote, backslash, control character, non-ASCII) is handled the same wherever it falls in
/// those blocks, by both readings.
final class RecordScannerTests: XCTestCase {
    private var schema = ScanSchema(paths: [["a"], ["b"]], wide: false)

    /// The readings to test: sixteen bytes at a time, and 64 where the processor allows.
    private var schemas: [ScanSchema] {
        [ScanSchema(paths: [["a"], ["b"]], wide: false)] + (RecordScanner.readsWide ? [ScanSchema(paths: [["a"], ["b"]], wide: true)] : [])
    }

    /// Whether the scanner takes `doc`, and the text of member `a` when it does.
    private func scan(_ doc: [UInt8]) -> (Bool, String?) {
        let values = UnsafeMutablePointer<ScannedValue>.allocate(capacity: schema.slotCount)
        defer { values.deallocate() }
        return doc.withUnsafeBytes { raw in
            guard RecordScanner.scan(raw, schema: schema, into: values) else { return (false, nil) }
            let v = values[schema.pathSlots[0]]
            return (true, v.isPresent ? String(decoding: raw[Int(v.start)..<Int(v.end)], as: UTF8.self) : nil)
        }
    }

    func testSpecialBytesAnywhereInALongStringAgreeWithTheParser() {
        let inserts: [(String, [UInt8], Bool)] = [
            ("escaped quote", Array(#"\""#.utf8), true), ("escaped line feed", Array(#"\n"#.utf8), true),
            ("unicode escape", Array(#"\u00e9"#.utf8), true), ("bad escape", Array(#"\x"#.utf8), false),
            ("short unicode escape", Array(#"\u00"#.utf8), false), ("control character", [0x01], false),
            ("tab", [0x09], false), ("two-byte UTF-8", [0xC3, 0xA9], true), ("four-byte UTF-8", [0xF0, 0x9F, 0x98, 0x80], true),
            ("stray continuation byte", [0x80], false), ("0xFF", [0xFF], false), ("delete", [0x7F], true),
        ]
        for schema in schemas {
            self.schema = schema
        for length in [0, 7, 8, 15, 16, 17, 31, 32, 33, 47, 52, 53, 54, 55, 56, 63, 64, 65] {
            for at in 0...length {
                for (name, bytes, valid) in inserts {
                    var content = [UInt8](repeating: UInt8(ascii: "x"), count: length)
                    content.insert(contentsOf: bytes, at: at)
                    let doc = Array(#"{"a":""#.utf8) + content + Array(#"","b":"tail"}"#.utf8)
                    let parsed = (try? JSONParser.parse(doc)) != nil
                    XCTAssertEqual(parsed, valid, "parser, \(name) at \(at) of \(length)")
                    let (scanned, text) = scan(doc)
                    XCTAssertEqual(scanned, valid, "scanner, \(name) at \(at) of \(length)")
                    if valid { XCTAssertEqual(text, String(decoding: content, as: UTF8.self), "\(name) at \(at) of \(length)") }
                }
            }
        }
        }
    }

    /// Members read from one mask and members read the long way give the same values, whatever
    /// their lengths, the bytes around them and where the record ends.
    func testShortMembersReadAlikeBothWays() throws {
        try XCTSkipUnless(RecordScanner.readsWide, "the processor lacks AVX-512")
        let narrow = ScanSchema(paths: [["a"], ["bb"], ["c"]], wide: false)
        let wide = ScanSchema(paths: [["a"], ["bb"], ["c"]], wide: true)
        func read(_ doc: [UInt8], _ schema: ScanSchema) -> [String]? {
            let values = UnsafeMutablePointer<ScannedValue>.allocate(capacity: schema.slotCount)
            defer { values.deallocate() }
            return doc.withUnsafeBytes { raw -> [String]? in
                guard RecordScanner.scan(raw, schema: schema, into: values) else { return nil }
                return schema.pathSlots.map { slot in
                    let v = values[slot]
                    return v.isPresent ? "\(v.kind) \(v.flags):" + String(decoding: raw[Int(v.start)..<Int(v.end)], as: UTF8.self) : "absent"
                }
            }
        }
        var compared = 0
        let values = ["", "x", String(repeating: "v", count: 20), String(repeating: "w", count: 55), String(repeating: "z", count: 70)]
        let names = ["a", "bb", "c", "zz", String(repeating: "n", count: 40)]
        let tails = [#"}"#, #","c":"e"}"#, #","c":1}"#, #" }"#, #","c":"é"}"#, #","c":"A"}"#, "}" + String(repeating: " ", count: 70)]
        for name in names {
            for value in values {
                for tail in tails {
                    for separator in [#"":""#, #"" : ""#, #"":""#] {
                        let doc = Array((#"{""# + name + separator + value + #"""# + tail).utf8)
                        XCTAssertEqual(read(doc, wide), read(doc, narrow), String(decoding: doc, as: UTF8.self))
                        compared += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(compared, 300)
        XCTAssertEqual(read(Array(#"{"a":"x","bb":"yy","c":""}"#.utf8) + Array(repeating: 0x20, count: 64), wide), ["string 4:x", "string 4:yy", "string 0:"])
    }

    func testAStringCutShortAtTheEndOfTheRecordIsRejected() {
        for length in [0, 5, 8, 15, 16, 17, 40] {
            let doc = Array(#"{"a":""#.utf8) + [UInt8](repeating: UInt8(ascii: "y"), count: length)
            XCTAssertFalse(scan(doc).0, "length \(length)")
            XCTAssertFalse(scan(doc + [UInt8(ascii: "\\")]).0, "length \(length), ending in a backslash")
        }
    }
}
