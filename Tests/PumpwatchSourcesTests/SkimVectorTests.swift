import CByteScan
import PumpwatchCore
import XCTest

@testable import PumpwatchSources

/// The vector skim (`pw_skim_record_vector`) answers every record it takes on as `pw_skim_record`
/// does: it passes exactly the records the scalar skim passes, with the same members, texts seen and
/// end, whether it met the record's shape before or not.
final class SkimVectorTests: XCTestCase {
    /// A spec for the CloudTrail members and the texts `Publish` and `sns.amazonaws.com`, whose
    /// byte storage lives as long as the returned owner.
    private final class Spec {
        var spec = pw_skim_spec()
        private var keep: [UnsafeMutablePointer<UInt8>] = []

        init(names: [String], texts: [String], stopMasks: [UInt32]) {
            func place(_ s: String) -> UnsafePointer<UInt8> {
                let b = Array(s.utf8)
                let p = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, b.count))
                p.initialize(from: b, count: b.count)
                keep.append(p)
                return UnsafePointer(p)
            }
            withUnsafeMutableBytes(of: &spec.names) { raw in
                for (k, n) in names.enumerated() { raw.storeBytes(of: place(n), toByteOffset: k * 8, as: UnsafePointer<UInt8>.self) }
            }
            withUnsafeMutableBytes(of: &spec.nameLengths) { raw in
                for (k, n) in names.enumerated() { raw.storeBytes(of: Int32(n.utf8.count), toByteOffset: k * 4, as: Int32.self) }
            }
            spec.nameCount = Int32(names.count)
            withUnsafeMutableBytes(of: &spec.texts) { raw in
                for (k, t) in texts.enumerated() { raw.storeBytes(of: place(t), toByteOffset: k * 8, as: UnsafePointer<UInt8>.self) }
            }
            withUnsafeMutableBytes(of: &spec.textLengths) { raw in
                for (k, t) in texts.enumerated() { raw.storeBytes(of: Int32(t.utf8.count), toByteOffset: k * 4, as: Int32.self) }
            }
            spec.textCount = Int32(texts.count)
            withUnsafeMutableBytes(of: &spec.stopMasks) { raw in
                for (k, m) in stopMasks.enumerated() { raw.storeBytes(of: m, toByteOffset: k * 4, as: UInt32.self) }
            }
            spec.stopMaskCount = Int32(stopMasks.count)
            pw_skim_prepare(&spec)
        }

        deinit { keep.forEach { $0.deallocate() } }
    }

    private struct Answer: Equatable {
        var verdict: Int32
        var seen: UInt32
        var starts: [Int32]
        var ends: [Int32]
        var end: Int64
    }

    private func run(_ doc: [UInt8], _ spec: Spec, lines: Bool, vector: UnsafeMutablePointer<pw_vec_state>?) -> Answer {
        var starts = [Int32](repeating: 0, count: 4)
        var ends = [Int32](repeating: 0, count: 4)
        var seen: UInt32 = 0
        var end: Int64 = -1
        // Room past the record, as a reader's buffer has.
        let padded = doc + [UInt8](repeating: 0x61, count: 80)
        let verdict = padded.withUnsafeBytes { raw -> Int32 in
            let p = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            if let vector {
                // Never paused here (a corpus of mutations is mostly new shapes): every record is compared.
                vector.pointee.paused = 0
                return pw_skim_record_vector(p, Int64(doc.count), lines ? 1 : 0, &spec.spec, vector, &starts, &ends, &seen, &end)
            }
            return pw_skim_record(p, Int64(doc.count), lines ? 1 : 0, &spec.spec, &starts, &ends, &seen, &end)
        }
        let count = Int(spec.spec.nameCount)
        return Answer(verdict: verdict, seen: seen, starts: Array(starts[0..<count]), ends: Array(ends[0..<count]), end: end)
    }

    /// Records of many shapes: the fast path's corpus, broken lines, every cut and one-byte change
    /// of a few records, and records that share a shape but differ where the shape does not look.
    private var documents: [[UInt8]] {
        var docs = (FastPathCorpus.cloudTrail + FastPathCorpus.brokenLines + FastPathCorpus.cloudTrailEdgeCases).map { Array($0.utf8) }
        docs += FastPathCorpus.invalidUTF8Lines
        let seeds = [
            #"{"eventTime":"2026-11-20T10:00:00Z","n":[1,-2.5e-3,0,true,false,null,{"k":{}}],"eventName":"A","eventSource":"x"}"#,
            #"{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","eventName":"Publish"},"eventTime":"2026-11-20T10:00:00Z","eventSource":"sns.amazonaws.com","eventName":"Publish","requestParameters":{"phoneNumber":"+15550100"},"readOnly":false}"#,
            #"{"eventSource":"sns.amazonaws.com","eventTime":"t","eventName":"GetObject","Publish":[1,2],"x":"sns.amazonaws.com"}"#,
        ]
        docs += FastPathCorpus.mutations(of: seeds, replacements: Array(#"{}[]:,"\ 0-.eE+tfnx19P"#.utf8) + [0x01, 0x0A, 0x7F, 0xC3])
        // One shape, different names and texts: a repeated member, a member that is not a string,
        // a text as a name, nested names, a number where the digits differ.
        docs += [
            #"{"eventTime":"a","eventName":"b","eventSource":"c","k":12}"#,
            #"{"eventTime":"a","eventTime":"b","eventSource":"c","k":34}"#,
            #"{"eventTime":"a","eventName":"Publish","Publish":"c","k":10}"#,
            #"{"eventTimf":"a","eventName":"b","eventSourcf":"c","k":99}"#,
            #"{"eventTime":"a","eventName":"","eventSource":"sns.amazonaws.com","k":00}"#,
            #"{"eventTime":1,"eventName":"b","eventSource":"c","k":"d"}"#,
            #"{"o":{"eventTime":"a","eventName":"b"},"eventSource":"Publish"}"#,
            #"{"o":{"eventTime":"a","eventName":"b"},"eventSource":"Publis"}"#,
            #"{"eventTime" :"a","eventName": "b"}"#,
            #"[{"eventTime":"a"}]"#,
            #"{"eventTime":"a"}{"eventTime":"a"}"#,
            #"{"x":""# + String(repeating: "y", count: 5000) + #"","eventTime":"a"}"#,
            #"{"x":"# + String(repeating: "[", count: 33) + String(repeating: "]", count: 33) + "}",
            #"{"x":"# + String(repeating: "[", count: 31) + String(repeating: "]", count: 31) + "}",
        ].map { Array($0.utf8) }
        return docs
    }

    func testAnswersAsTheScalarSkimDoes() throws {
        try XCTSkipUnless(pw_vec_supported() != 0, "the processor lacks AVX-512 VBMI2")
        let specs = [
            Spec(names: ["eventTime", "eventName", "eventSource"], texts: ["Publish", "sns.amazonaws.com"], stopMasks: [3]),
            Spec(names: ["eventTime", "eventName", "eventSource"], texts: ["Publish", "sns.amazonaws.com"], stopMasks: []),
            Spec(names: ["eventSource"], texts: ["a", "Publis", "eventName"], stopMasks: [1, 6]),
        ]
        let docs = documents
        var taken = 0
        var passed = 0
        for spec in specs {
            XCTAssertEqual(pw_vec_spec_fits(&spec.spec), 1)
            let state = try XCTUnwrap(pw_vec_state_create())
            defer { pw_vec_state_destroy(state) }
            // Twice: the second time every shape is remembered.
            for round in 0..<2 {
                for doc in docs {
                    for lines in [false, true] {
                        let scalar = run(doc, spec, lines: lines, vector: nil)
                        let vector = run(doc, spec, lines: lines, vector: state)
                        let text = String(decoding: doc.prefix(200), as: UTF8.self)
                        if vector.verdict < 0 { continue }
                        taken += 1
                        XCTAssertEqual(vector.verdict == 1, scalar.verdict == 1, "round \(round), lines \(lines): \(text)")
                        if vector.verdict == 1 && scalar.verdict == 1 {
                            passed += 1
                            XCTAssertEqual(vector, scalar, "round \(round), lines \(lines): \(text)")
                        }
                    }
                }
            }
        }
        // The vector skim took on most records and passed many.
        XCTAssertGreaterThan(taken, docs.count * 8)
        XCTAssertGreaterThan(passed, 200)
    }

    /// Texts or names it cannot look for (longer than 62 bytes, or holding a quote) leave the record to the scalar skim.
    func testSpecsItCannotServeAreRefused() {
        XCTAssertEqual(pw_vec_spec_fits(&Spec(names: ["eventTime"], texts: [String(repeating: "a", count: 63)], stopMasks: []).spec), 0)
        XCTAssertEqual(pw_vec_spec_fits(&Spec(names: ["event\"Time"], texts: ["x"], stopMasks: []).spec), 0)
        XCTAssertEqual(pw_vec_spec_fits(&Spec(names: ["eventTime"], texts: [String(repeating: "a", count: 62)], stopMasks: []).spec), 1)
    }
}
