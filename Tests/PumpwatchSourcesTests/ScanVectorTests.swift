import CByteScan
import PumpwatchCore
import XCTest

@testable import PumpwatchSources

/// The vector scanner (`pw_scan_record_vector`) answers every record it takes on as
/// `pw_scan_record` does: it takes exactly the records the scalar scanner takes, with the same
/// values (offsets, kinds and flags), whether it met the record's shape before or not.
final class ScanVectorTests: XCTestCase {
    private struct Answer: Equatable, CustomStringConvertible {
        var verdict: Int32
        var values: [String]

        var description: String { "\(verdict) \(values)" }
    }

    /// `lines`: `doc` is followed by a line feed and another line, and read as a line (the answer's
    /// `end` is then the line's length). `deferring`: the vector scanner leaves the values' places
    /// to `pw_vscan_resolve_all`, which works them out afterwards.
    private func run(
        _ doc: [UInt8], _ schema: ScanSchema, vector: UnsafeMutablePointer<pw_vscan_state>?, lines: Bool = false,
        deferring: Bool = false
    ) -> Answer {
        let slots = max(1, schema.slotCount)
        let values = UnsafeMutablePointer<pw_scanned_value>.allocate(capacity: slots)
        defer { values.deallocate() }
        // Stale values from an earlier record: every slot must be written.
        values.initialize(repeating: pw_scanned_value(start: 99, end: 99, kind: 9, flags: 9), count: slots)
        let next = Array(#"{"a":"\"","o":1}"#.utf8)
        let padded = (lines ? doc + [0x0A] + next : doc) + [UInt8](repeating: 0x61, count: 80)
        var end: Int64 = -1
        let verdict = padded.withUnsafeBytes { raw -> Int32 in
            let p = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            if let vector {
                // Never paused here (a corpus of mutations is mostly new shapes): every record is compared.
                vector.pointee.paused = 0
                let available = lines ? doc.count + 1 + next.count : doc.count
                pw_vscan_set_deferring(vector, deferring ? 1 : 0)
                defer { pw_vscan_set_deferring(vector, 0) }
                let verdict = pw_scan_record_vector(p, Int64(available), lines ? 1 : 0, schema.scanTables, values, vector, &end)
                if verdict == 1 && deferring {
                    // Only kinds so far: every present value waits to be placed.
                    for k in 0..<schema.slotCount where values[k].kind != 0 {
                        XCTAssertEqual(values[k].flags, UInt8(PW_FLAG_DEFERRED))
                    }
                    pw_vscan_resolve_all(vector, values, Int32(schema.slotCount))
                }
                return verdict
            }
            return pw_scan_record(p, Int64(doc.count), schema.scanTables, values, nil)
        }
        if lines && verdict >= 0 && end != Int64(doc.count) { return Answer(verdict: -2, values: ["end \(end)"]) }
        let read = (0..<schema.slotCount).map { k -> String in
            let v = values[k]
            return v.kind == 0 ? "-" : "\(v.kind)/\(v.flags)@\(v.start)..<\(v.end)"
        }
        return Answer(verdict: verdict, values: verdict == 1 ? read : [])
    }

    /// The schemas of the two projectors (every field they serve) and one with nested members,
    /// containers and a reserved prefix.
    private var schemas: [ScanSchema] {
        get throws {
            let cloudTrail = try XCTUnwrap(CloudTrailProjector(projection: FieldProjection(names: Set(FastPathEquivalenceTests.cloudTrailServed))))
            let falcon = try XCTUnwrap(FalconProjector(projection: FieldProjection(names: [
                "aid", "ComputerName", "DomainName", "ContextProcessId", "FileName", "ContextTimeStamp", "RemotePort",
                "TargetProcessName", "RemoteAddressIP4", "#event_simpleName",
            ])))
            let made = ScanSchema(paths: [["a"], ["o", "k"], ["o", "p", "q"], ["arr"], ["n"], ["t"], ["obj"]], reservedPrefixes: ["x_"])
            return [cloudTrail.schema, falcon.schema, made]
        }
    }

    /// Records of many shapes, and records that share a shape but differ where it does not look.
    private var documents: [[UInt8]] {
        var docs = (FastPathCorpus.cloudTrail + FastPathCorpus.falcon + FastPathCorpus.brokenLines).map { Array($0.utf8) }
        docs += FastPathCorpus.invalidUTF8Lines
        let seeds = [
            #"{"a":"1","o":{"k":"v","p":{"q":[1,"x"]}},"arr":["","b"],"n":-0.5e3,"t":true,"obj":{"z":null},"x_y":1}"#,
            #"{"event_simpleName":"DnsRequest","aid":"f1","ContextTimeStamp":"1794787200.048","DomainName":"api.twilio.com"}"#,
        ]
        docs += FastPathCorpus.mutations(of: seeds, replacements: Array(#"{}[]:,"\ 0-.eE+tfnx19"#.utf8) + [0x01, 0x0A, 0x7F, 0xC3])
        // One shape each, with different string contents: the values move, and strings, objects
        // and arrays survive or not by what their strings hold.
        for (a, k, q, first, z) in [("", "", "", "", ""), ("xyz", "", "", "", ""), ("", "kk", "", "", ""), ("", "", "q", "", "z"),
                                    ("", "", "", "f", ""), ("long value here", "k", "qq", "ff", "zz")] {
            docs.append(Array(#"{"a":"\#(a)","o":{"k":"\#(k)","p":{"q":["\#(q)"]}},"arr":["\#(first)",""],"obj":{"z":"\#(z)"},"n":10}"#.utf8))
            docs.append(Array(#"{"obj":["\#(z)",{"y":"\#(a)"}],"arr":{"\#(k)x":"\#(q)"},"a":"\#(first)","t":false}"#.utf8))
        }
        docs += [
            #"{"a":"1","a":"2"}"#, #"{"x_a":"1","a":"2"}"#, #"{"o":{"k":"1","k":"2"}}"#, #"{"o":{"x_k":"1"},"a":"2"}"#,
            #"{"a":"1" ,"n":2}"#, #" {"a":"1"}"#, #"{"a":"1"} "#, #"{"a":"1"}x"#, #"{"a":"\#u{01}"}"#, #"{"a":"b"#,
            #"{"a":"1","o":"#, #"{"a":"#, #"{}"#, #"{"":""}"#, #"{"a":""}"#, #"{"a":"","b":{}}"#, #"{"a":{"b":[]}}"#,
            #"{"arr":"# + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}",
            #"{"n":"# + String(repeating: "9", count: 200) + #","a":""# + String(repeating: "y", count: 7000) + #""}"#,
            #"{"a":""# + String(repeating: "y", count: 9000) + #""}"#,
        ].map { Array($0.utf8) }
        return docs
    }

    func testAnswersAsTheScalarScannerDoes() throws {
        try XCTSkipUnless(pw_vec_supported() != 0, "the processor lacks AVX-512 VBMI2")
        let docs = documents
        var taken = 0
        var accepted = 0
        for schema in try schemas {
            let state = try XCTUnwrap(pw_vscan_state_create(Int32(schema.slotCount)))
            defer { pw_vscan_state_destroy(state) }
            // Twice: the second time every shape is remembered; a third time with places deferred.
            for round in 0..<3 {
                let deferring = round == 2
                for doc in docs {
                    let scalar = run(doc, schema, vector: nil)
                    let vector = run(doc, schema, vector: state, deferring: deferring)
                    let text = String(decoding: doc.prefix(300), as: UTF8.self)
                    if vector.verdict >= 0 {
                        taken += 1
                        if vector.verdict == 1 { accepted += 1 }
                        XCTAssertEqual(vector, scalar, "round \(round): \(text)")
                    }
                    // As a line: the record ends at its first line feed, and nothing after it counts.
                    let line = Array(doc.prefix { $0 != 0x0A })
                    let asLine = run(line, schema, vector: state, lines: true, deferring: deferring)
                    if asLine.verdict >= 0 { XCTAssertEqual(asLine, run(line, schema, vector: nil), "as a line, round \(round): \(text)") }
                }
            }
        }
        // The vector scanner took on most records and read many.
        XCTAssertGreaterThan(taken, docs.count * 3)
        XCTAssertGreaterThan(accepted, 2000)
    }

    /// Records of one shape are read from the memo after the first: it learns each shape once.
    func testLearnsEachShapeOnce() throws {
        try XCTSkipUnless(pw_vec_supported() != 0, "the processor lacks AVX-512 VBMI2")
        let schema = ScanSchema(paths: [["a"], ["o", "k"]])
        let state = try XCTUnwrap(pw_vscan_state_create(Int32(schema.slotCount)))
        defer { pw_vscan_state_destroy(state) }
        for value in ["", "x", "yy", "a much longer value than the others"] {
            let doc = Array(#"{"a":"\#(value)","o":{"k":"\#(value)\#(value)"},"m":"\#(value)"}"#.utf8)
            let vector = run(doc, schema, vector: state)
            XCTAssertEqual(vector, run(doc, schema, vector: nil))
            XCTAssertEqual(vector.verdict, 1)
        }
        XCTAssertEqual(state.pointee.table.count, 1)
        XCTAssertEqual(state.pointee.misses, 1)
        // A different member name is a different shape.
        _ = run(Array(#"{"a":"x","o":{"k":"y"},"n":"z"}"#.utf8), schema, vector: state)
        XCTAssertEqual(state.pointee.table.count, 2)
    }

    /// Whitespace between tokens, backslashes, bytes outside ASCII and records over 8 KB are left to the scalar scanner.
    func testLeavesWhatItCannotReadToTheScalarScanner() throws {
        try XCTSkipUnless(pw_vec_supported() != 0, "the processor lacks AVX-512 VBMI2")
        let schema = ScanSchema(paths: [["a"]])
        let state = try XCTUnwrap(pw_vscan_state_create(Int32(schema.slotCount)))
        defer { pw_vscan_state_destroy(state) }
        for doc in [#"{"a": "x"}"#, #"{"a":"\"x"}"#, #"{"a":"é"}"#, #"{"a":""# + String(repeating: "y", count: 8200) + #""}"#] {
            XCTAssertEqual(run(Array(doc.utf8), schema, vector: state).verdict, -1, doc)
        }
    }
}
