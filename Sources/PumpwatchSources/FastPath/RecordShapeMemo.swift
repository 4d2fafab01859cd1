#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CByteScan

/// The record shapes one reader has met, and where a schema's members lie in each: the memo
/// behind `RecordScanner`'s vector path (`pw_scan_record_vector` in `CByteScan/scan_vector.h`).
///
/// A shape is a record with its member names kept and its other strings emptied. Records of one
/// kind of event mostly share a few shapes, so the scanner checks and reads one shape once, and
/// then finds the members of every record of that shape from its quote masks. One per reader
/// thread and schema; none where the processor lacks the instructions (`isAvailable`).
final class RecordShapeMemo {
    /// True when the vector path can run: the processor has AVX-512 with VBMI2 (`RecordSkim`'s
    /// test), and neither `PUMPWATCH_AVX512=0` nor `PUMPWATCH_SHAPES=0` is set.
    static let isAvailable: Bool = {
        if let p = getenv("PUMPWATCH_SHAPES"), String(cString: p) == "0" { return false }
        return RecordSkim.vectorIsAvailable
    }()

    /// The C state, for `RecordScanner.scan(_:schema:into:predictions:shapes:)`.
    let state: UnsafeMutablePointer<pw_vscan_state>

    /// A memo for records scanned with `schema`; nil where the vector path cannot run.
    init?(schema: ScanSchema, available: Bool = RecordShapeMemo.isAvailable) {
        guard available, let state = pw_vscan_state_create(Int32(schema.slotCount)) else { return nil }
        self.state = state
    }

    deinit {
        pw_vscan_state_destroy(state)
    }
}
