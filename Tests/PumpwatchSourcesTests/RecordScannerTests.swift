import PumpwatchCore
import XCTest

@testable import PumpwatchSources

/// String content is skipped sixteen bytes at a time, then eight, then byte by byte: a byte that
/// ends a plain run (quote, backslash, control character, non-ASCII) is handled the same wherever
/// it falls in those blocks.
final class RecordScannerTests: XCTestCase {
    private let schema = ScanSchema(paths: [["a"], ["b"]])

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
        for length in [0, 7, 8, 15, 16, 17, 31, 32, 33, 47] {
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

    func testAStringCutShortAtTheEndOfTheRecordIsRejected() {
        for length in [0, 5, 8, 15, 16, 17, 40] {
            let doc = Array(#"{"a":""#.utf8) + [UInt8](repeating: UInt8(ascii: "y"), count: length)
            XCTAssertFalse(scan(doc).0, "length \(length)")
            XCTAssertFalse(scan(doc + [UInt8(ascii: "\\")]).0, "length \(length), ending in a backslash")
        }
    }
}
