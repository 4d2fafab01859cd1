import CByteScan
import XCTest

@testable import PumpwatchSources

/// The C scanner reads the schema's Swift tables and writes Swift `ScannedValue`s in place: each
/// Swift type must be laid out as its C struct, and the kinds and flags must agree.
final class ScanTablesLayoutTests: XCTestCase {
    func testScannedValueIsLaidOutAsTheCStruct() {
        XCTAssertEqual(MemoryLayout<ScannedValue>.stride, MemoryLayout<pw_scanned_value>.stride)
        XCTAssertEqual(MemoryLayout<ScannedValue>.offset(of: \.start), MemoryLayout<pw_scanned_value>.offset(of: \.start))
        XCTAssertEqual(MemoryLayout<ScannedValue>.offset(of: \.end), MemoryLayout<pw_scanned_value>.offset(of: \.end))
        XCTAssertEqual(MemoryLayout<ScannedValue>.offset(of: \.kind), MemoryLayout<pw_scanned_value>.offset(of: \.kind))
        XCTAssertEqual(MemoryLayout<ScannedValue>.offset(of: \.flags), MemoryLayout<pw_scanned_value>.offset(of: \.flags))
        var kinds: [(ScannedValue.Kind, Int)] = []
        kinds.append((.absent, Int(PW_KIND_ABSENT)))
        kinds.append((.string, Int(PW_KIND_STRING)))
        kinds.append((.number, Int(PW_KIND_NUMBER)))
        kinds.append((.trueValue, Int(PW_KIND_TRUE)))
        kinds.append((.falseValue, Int(PW_KIND_FALSE)))
        kinds.append((.null, Int(PW_KIND_NULL)))
        kinds.append((.object, Int(PW_KIND_OBJECT)))
        kinds.append((.array, Int(PW_KIND_ARRAY)))
        for (kind, c) in kinds {
            // A Swift enum without payloads is stored as its raw value here (declared in order from 0).
            var v = ScannedValue()
            v.kind = kind
            let stored = withUnsafeBytes(of: &v) { $0.load(fromByteOffset: MemoryLayout<ScannedValue>.offset(of: \.kind)!, as: UInt8.self) }
            XCTAssertEqual(Int(stored), c, "\(kind)")
        }
        XCTAssertEqual(Int(ScannedValue.escapedFlag), Int(PW_FLAG_ESCAPED))
        XCTAssertEqual(Int(ScannedValue.nonASCIIFlag), Int(PW_FLAG_NON_ASCII))
        XCTAssertEqual(Int(ScannedValue.survivesFlag), Int(PW_FLAG_SURVIVES))
    }

    func testSchemaTablesAreLaidOutAsTheCStructs() {
        typealias E = ScanSchema.Entry
        XCTAssertEqual(MemoryLayout<E>.stride, MemoryLayout<pw_schema_entry>.stride)
        XCTAssertEqual(MemoryLayout<E>.offset(of: \.keyOffset), MemoryLayout<pw_schema_entry>.offset(of: \.keyOffset))
        XCTAssertEqual(MemoryLayout<E>.offset(of: \.keyLength), MemoryLayout<pw_schema_entry>.offset(of: \.keyLength))
        XCTAssertEqual(MemoryLayout<E>.offset(of: \.slot), MemoryLayout<pw_schema_entry>.offset(of: \.slot))
        XCTAssertEqual(MemoryLayout<E>.offset(of: \.child), MemoryLayout<pw_schema_entry>.offset(of: \.child))
        XCTAssertEqual(MemoryLayout<E>.offset(of: \.head), MemoryLayout<pw_schema_entry>.offset(of: \.head))
        XCTAssertEqual(MemoryLayout<E>.offset(of: \.tail), MemoryLayout<pw_schema_entry>.offset(of: \.tail))
        typealias L = ScanSchema.Level
        XCTAssertEqual(MemoryLayout<L>.stride, MemoryLayout<pw_schema_level>.stride)
        XCTAssertEqual(MemoryLayout<L>.offset(of: \.bucketBase), MemoryLayout<pw_schema_level>.offset(of: \.bucketBase))
        XCTAssertEqual(MemoryLayout<L>.offset(of: \.shift), MemoryLayout<pw_schema_level>.offset(of: \.shift))
        typealias P = MemberPredictions.Slot
        XCTAssertEqual(MemoryLayout<P>.stride, MemoryLayout<pw_member_prediction>.stride)
        XCTAssertEqual(MemoryLayout<P>.offset(of: \.head), MemoryLayout<pw_member_prediction>.offset(of: \.head))
        XCTAssertEqual(MemoryLayout<P>.offset(of: \.tail), MemoryLayout<pw_member_prediction>.offset(of: \.tail))
        XCTAssertEqual(MemoryLayout<P>.offset(of: \.length), MemoryLayout<pw_member_prediction>.offset(of: \.length))
        XCTAssertEqual(MemoryLayout<P>.offset(of: \.entry), MemoryLayout<pw_member_prediction>.offset(of: \.entry))
        XCTAssertEqual(MemoryLayout<(Int32, Int32)>.stride, 2 * MemoryLayout<Int32>.stride)
        XCTAssertEqual(MemoryLayout<Bool>.stride, 1)
    }

    /// The C probe finds every name through the buckets Swift filled with `ScanSchema.hash`.
    func testEveryWantedNameIsFoundAtEveryLevel() {
        let paths = [["a"], ["eventTime"], ["userIdentity", "sessionContext", "sessionIssuer", "userName"], ["userIdentity", "arn"],
                     ["aVeryLongMemberNameOverSixteenBytes"], ["x", "y"]]
        let schema = ScanSchema(paths: paths)
        let values = UnsafeMutablePointer<ScannedValue>.allocate(capacity: schema.slotCount)
        defer { values.deallocate() }
        let doc = Array(#"{"a":1,"eventTime":"t","userIdentity":{"arn":"r","sessionContext":{"sessionIssuer":{"userName":"u"}}},"aVeryLongMemberNameOverSixteenBytes":[1],"aVeryLongMemberNameOverSixteenByteZ":2,"x":{"y":null}}"#.utf8)
        let ok = doc.withUnsafeBytes { RecordScanner.scan($0, schema: schema, into: values) }
        XCTAssertTrue(ok)
        let kinds = schema.pathSlots.map { values[$0].kind }
        XCTAssertEqual(kinds, [.number, .string, .string, .string, .array, .null])
    }
}
