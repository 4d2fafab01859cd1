import XCTest

@testable import PumpwatchSources

/// Scanning with a reader's member predictions finds exactly the members a scan without them
/// finds, whatever order and names the records bring.
final class MemberPredictionsTests: XCTestCase {
    /// Wanted names, among them two long ones with the same length, first and last eight bytes
    /// (they differ in the middle only).
    private let paths: [[String]] = [
        ["aid"], ["ComputerName"], ["TargetProcessName"], ["TargetPrAAAAocessNam"], ["TargetPrBBBBocessNam"],
        ["userIdentity", "arn"], ["userIdentity", "sessionContext", "sessionIssuer", "userName"],
    ]

    /// The scanned values of `record`, as (kind, text) per path; nil when the scanner gives up.
    private func scan(_ record: String, _ schema: ScanSchema, _ predictions: MemberPredictions?) -> [String]? {
        let values = UnsafeMutablePointer<ScannedValue>.allocate(capacity: schema.slotCount)
        defer { values.deallocate() }
        let bytes = Array(record.utf8)
        return bytes.withUnsafeBytes { raw -> [String]? in
            guard RecordScanner.scan(raw, schema: schema, into: values, predictions: predictions) else { return nil }
            return schema.pathSlots.map { slot in
                let v = values[slot]
                guard v.isPresent else { return "absent" }
                return "\(v.kind):" + String(decoding: raw[Int(v.start)..<Int(v.end)], as: UTF8.self)
            }
        }
    }

    func testPredictedScansMatchPlainScansOverVaryingRecords() {
        let schema = ScanSchema(paths: paths)
        let predictions = MemberPredictions(schema: schema)
        let records = [
            #"{"aid":"a1","ComputerName":"WEB-01","TargetProcessName":"send.py","other":1}"#,
            // The same order again: every name predicted.
            #"{"aid":"a2","ComputerName":"WEB-02","TargetProcessName":"node","other":2}"#,
            // Same lengths and words as the wanted long name, another name: not wanted.
            #"{"aid":"a3","ComputerName":"WEB-03","TargetPrCCCCocessNam":"x","other":3}"#,
            // Then a wanted one of that shape where the unwanted one was.
            #"{"aid":"a4","ComputerName":"WEB-04","TargetPrAAAAocessNam":"y","other":4}"#,
            #"{"aid":"a5","ComputerName":"WEB-05","TargetPrBBBBocessNam":"z","other":5}"#,
            // Short names that differ only in their bytes, in the positions of wanted ones.
            #"{"aie":"a6","ComputerNamf":"WEB-06","TargetProcessName":"q"}"#,
            // Another order, a nested wanted path, an unwanted name of a wanted name's length.
            #"{"userIdentity":{"arn":"arn:1","sessionContext":{"sessionIssuer":{"userName":"u"}},"arm":"x"},"aid":"a7"}"#,
            #"{"userIdentity":{"arm":"x","arn":"arn:2","sessionContext":{"sessionIssuer":{"userNamf":"v","userName":"w"}}},"aid":"a8"}"#,
            // A repeated wanted member: the scanner gives up either way.
            #"{"aid":"a9","aid":"b9"}"#,
            #"{"aid":"a10","ComputerName":"WEB-10","TargetProcessName":"send.py","other":1}"#,
        ]
        for pass in 0..<3 {
            for (i, record) in records.enumerated() {
                let plain = scan(record, schema, nil)
                let predicted = scan(record, schema, predictions)
                XCTAssertEqual(predicted, plain, "pass \(pass), record \(i): \(record)")
            }
        }
        // The checks above would pass if nothing were found at all: make sure members are.
        XCTAssertEqual(scan(records[3], schema, predictions)?[3], "string:y")
        XCTAssertEqual(scan(records[4], schema, predictions)?[4], "string:z")
        XCTAssertEqual(scan(records[4], schema, predictions)?[3], "absent")
        XCTAssertEqual(scan(records[2], schema, predictions)?[2], "absent")
        XCTAssertEqual(scan(records[7], schema, predictions)?[6], "string:w")
        XCTAssertNil(scan(records[8], schema, predictions))
    }

    func testObjectsWithMoreMembersThanArePredictedStillFindThemAll() {
        let schema = ScanSchema(paths: [["m0"], ["m60"], ["m99"]])
        let predictions = MemberPredictions(schema: schema)
        let members = (0..<100).map { #""m\#($0)":\#($0)"# }.joined(separator: ",")
        let record = "{" + members + "}"
        for _ in 0..<2 {
            XCTAssertEqual(scan(record, schema, predictions), ["number:0", "number:60", "number:99"])
        }
    }

    /// A top-level name starting with a reserved prefix sends the record to the full path every
    /// time, also once its position's answer is remembered; a name alike but for a byte does not.
    func testReservedNamesAreRememberedAsReserved() {
        let schema = ScanSchema(paths: [["aid"], ["ComputerName"]], reservedPrefixes: ["aid."])
        let predictions = MemberPredictions(schema: schema)
        let reserved = #"{"aid":"a1","aid.x":"dotted","ComputerName":"C"}"#
        let alike = #"{"aid":"a1","aid_x":"dotted","ComputerName":"C"}"#
        for pass in 0..<3 {
            XCTAssertNil(scan(reserved, schema, predictions), "pass \(pass)")
            XCTAssertNil(scan(reserved, schema, nil), "pass \(pass)")
            XCTAssertEqual(scan(alike, schema, predictions), ["string:a1", "string:C"], "pass \(pass)")
            XCTAssertNil(scan(reserved, schema, predictions), "pass \(pass)")
        }
    }
}
