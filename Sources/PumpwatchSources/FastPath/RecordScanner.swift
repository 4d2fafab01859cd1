#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CByteScan

/// A validating, on-demand JSON scanner: finds the members a `ScanSchema` names in one record and
/// skips everything else without building values.
///
/// The whole record is checked as `JSONParser` checks it (structure, string escapes, control
/// characters, UTF-8, number syntax, literals, nothing after the value), so a record the scanner
/// accepts is one the parser accepts. It gives up (`scan` returns false) on anything it does not
/// handle itself: invalid JSON, a top-level value that is not an object, a repeated or escaped
/// member name where members are looked up, a top-level name starting with a reserved prefix,
/// nesting deeper than `maxSkipDepth` below a looked-into object. The caller then takes the record
/// through the full parser and normalizer, which report or read it exactly.
///
/// The scanning itself is C (`pw_scan_record` in `CByteScan/record_scan.h`), over the schema's
/// own tables (`ScanSchema.scanTables`): strings are skipped sixteen bytes at a time, and member
/// names are looked up by the answer their position gave last time (`MemberPredictions`) before
/// the schema's hash tables. Where the processor has AVX-512, a member made of a plain name and a
/// plain string value is read from one 64-byte mask (`readsWide`), and records of a shape met before
/// are read from their quote masks alone (`RecordShapeMemo`, `pw_scan_record_vector`).
enum RecordScanner {
    /// True when objects are read with AVX-512 where it pays (`pw__object_wide`): the processor
    /// has AVX-512 BW and `PUMPWATCH_AVX512=0` is not set.
    static let readsWide: Bool = {
        if let p = getenv("PUMPWATCH_AVX512"), String(cString: p) == "0" { return false }
        return pw_cpu_avx512bw() != 0
    }()

    /// The deepest container nesting followed while skipping a value: with the record's own
    /// object, a record scanned for top-level members nests at most 64 levels, the limit live
    /// ingest accepts (`IngestRecordCheck` relies on it).
    static let maxSkipDepth = 63

    /// Scans `bytes`, one JSON object with optional surrounding whitespace, filling `values`
    /// (`schema.slotCount` of them) for the members found. False when the record needs the full path.
    /// `predictions`, one reader's own, speeds up finding member names in records alike; `shapes`
    /// (a reader's own `RecordShapeMemo.state`, for this schema) reads records of shapes met before
    /// through the vector path.
    @inline(__always)
    static func scan(
        _ bytes: UnsafeRawBufferPointer, schema: ScanSchema, into values: UnsafeMutablePointer<ScannedValue>,
        predictions: MemberPredictions? = nil, shapes: UnsafeMutablePointer<pw_vscan_state>? = nil
    ) -> Bool {
        let base = (bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!).assumingMemoryBound(to: UInt8.self)
        let out = UnsafeMutableRawPointer(values).assumingMemoryBound(to: pw_scanned_value.self)
        if let shapes {
            var end: Int64 = 0
            let answer = pw_scan_record_vector(base, Int64(bytes.count), 0, schema.scanTables, out, shapes, &end)
            if answer >= 0 { return answer != 0 }
        }
        let slots = predictions.map { UnsafeMutableRawPointer($0.slots).assumingMemoryBound(to: pw_member_prediction.self) }
        return pw_scan_record(base, Int64(bytes.count), schema.scanTables, out, slots) != 0
    }

    /// Scans the line at `start` (up to its line feed, or `available` bytes) through `shapes` (a
    /// reader's own `RecordShapeMemo.state`, for this schema), finding its end on the way: the line's
    /// length and whether the record is taken (as `scan` would answer), or nil when the line is left
    /// to `scan` once its end is found.
    @inline(__always)
    static func scanLine(
        _ start: UnsafeRawPointer, available: Int, schema: ScanSchema, into values: UnsafeMutablePointer<ScannedValue>,
        shapes: UnsafeMutablePointer<pw_vscan_state>
    ) -> (length: Int, taken: Bool)? {
        let out = UnsafeMutableRawPointer(values).assumingMemoryBound(to: pw_scanned_value.self)
        var end: Int64 = -1
        let answer = pw_scan_record_vector(start.assumingMemoryBound(to: UInt8.self), Int64(available), 1, schema.scanTables, out, shapes, &end)
        guard answer >= 0, end >= 0 else { return nil }
        return (Int(end), answer == 1)
    }
}
