#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CByteScan
import PumpwatchCore

/// Checks records in one quick pass and recognises those no branch of a filter can take, so a
/// reader counts them without scanning them for fields (a raw filter, as in Sparser).
///
/// A branch that tests `field == text`, where the field's value is always the exact text of one of
/// the record's string members (`ProjectedNormalizer.isVerbatimString`), takes no record whose
/// strings are plain ASCII without escapes and none of which is exactly `text`: an escape or a
/// byte outside ASCII (which could decode to, or compare equal with, the text) sends the record the
/// normal way. `pw_skim_record` checks the record's JSON as `RecordScanner` does, notes which texts
/// occur as whole strings, and reads the top-level members the projector needs to count the record
/// (`ProjectedNormalizer.skimmedMembers`). A record it is not sure of (invalid, escaped, non-ASCII,
/// deeper than `PW_SKIM_MAX_DEPTH`, a needed member repeated or not a string) is read the normal
/// way, so malformed records are reported exactly as before.
///
/// Texts qualify when they are printable ASCII without a quote or a backslash, do not start like a
/// JSON container (a container member's field is its JSON text), cannot be a number's text and are
/// not `true`, `false` or `null` (those members' fields are their JSON text too).
///
/// Where the processor has AVX-512 (with VBMI2), records first go through
/// `pw_skim_record_vector`, which classifies their bytes 64 at a time and checks their structure
/// through a memo of record shapes; it gives the same answers, and leaves to `pw_skim_record` what
/// it does not handle (`PUMPWATCH_AVX512=0` turns it off).
///
/// When most records are taken anyway, the pass is wasted work: the skim then pauses, and tries
/// again later.
final class RecordSkim {
    /// The content bounds of the projector's skimmed members in the last record checked.
    let starts: UnsafeMutablePointer<Int32>
    let ends: UnsafeMutablePointer<Int32>
    private let spec: UnsafeMutablePointer<pw_skim_spec>
    /// The vector skim's state, when it is used.
    @exclusivity(unchecked) private var vector: UnsafeMutablePointer<pw_vec_state>? = nil
    private let storage: UnsafeMutableRawBufferPointer

    /// Records checked and skipped in the current trial window, and records left to pass by while paused.
    private var tried = 0
    private var skippedInWindow = 0
    private var paused = 0
    /// Records skipped so far.
    private(set) var skipped = 0

    /// False when `PUMPWATCH_SKIM=0` is set, to measure the reader without the skim.
    static let isEnabled: Bool = {
        guard let p = getenv("PUMPWATCH_SKIM") else { return true }
        return String(cString: p) != "0"
    }()

    /// False when the processor lacks the vector skim's instructions or `PUMPWATCH_AVX512=0` is set
    /// (the switch is read once, by `RecordScanner.readsWide`).
    static let vectorIsAvailable = RecordScanner.readsWide && pw_vec_supported() != 0

    /// Records per trial window, and the share of them that must be skipped to keep checking.
    static let window = 4096
    static let minimumSkipped = window / 4
    /// Records passed by without checking after a window that skipped too few.
    static let pause = 15 * window

    /// A skim for `filter` over the projector's fields, or nil when some branch has no text to look
    /// for (or there are more than 8 texts or branches, or the projector cannot skim).
    init?(filter: EventFilter, fieldIDs: [Int?], projector: some ProjectedNormalizer, vector: Bool = RecordSkim.vectorIsAvailable) {
        guard RecordSkim.isEnabled else { return nil }
        let members = projector.skimmedMembers
        guard !members.isEmpty, members.count <= 4, !filter.branches.isEmpty, filter.branches.count <= 8 else { return nil }
        var texts: [String] = []
        var masks: [UInt32] = []
        for branch in filter.branches {
            var mask: UInt32 = 0
            for c in branch {
                guard case .equals(let text)? = filter.conditions[c].shape, let id = fieldIDs[c], projector.isVerbatimString(id),
                    RecordSkim.qualifies(text)
                else { continue }
                if let k = texts.firstIndex(of: text) {
                    mask |= 1 << UInt32(k)
                } else {
                    guard texts.count < 8 else { return nil }
                    mask |= 1 << UInt32(texts.count)
                    texts.append(text)
                }
            }
            guard mask != 0 else { return nil }
            masks.append(mask)
        }
        let byteCount = (members + texts).reduce(0) { $0 + $1.utf8.count }
        storage = .allocate(byteCount: max(1, byteCount), alignment: 1)
        spec = .allocate(capacity: 1)
        spec.initialize(to: pw_skim_spec())
        starts = .allocate(capacity: 4)
        starts.initialize(repeating: -1, count: 4)
        ends = .allocate(capacity: 4)
        ends.initialize(repeating: -1, count: 4)

        var at = 0
        let base = storage.baseAddress!.assumingMemoryBound(to: UInt8.self)
        func place(_ s: String) -> (UnsafePointer<UInt8>, Int32) {
            let bytes = Array(s.utf8)
            let p = base + at
            p.update(from: bytes, count: bytes.count)
            at += bytes.count
            return (UnsafePointer(p), Int32(bytes.count))
        }
        /// Places `items` and stores each one's pointer and length (C arrays, seen as bytes).
        func placeAll(_ items: [String], _ pointers: UnsafeMutableRawBufferPointer, _ lengths: UnsafeMutableRawBufferPointer) {
            for (k, item) in items.enumerated() {
                let (p, n) = place(item)
                pointers.storeBytes(of: p, toByteOffset: k * MemoryLayout<UnsafePointer<UInt8>>.stride, as: UnsafePointer<UInt8>.self)
                lengths.storeBytes(of: n, toByteOffset: k * 4, as: Int32.self)
            }
        }
        withUnsafeMutableBytes(of: &spec.pointee.names) { p in
            withUnsafeMutableBytes(of: &spec.pointee.nameLengths) { placeAll(members, p, $0) }
        }
        spec.pointee.nameCount = Int32(members.count)
        withUnsafeMutableBytes(of: &spec.pointee.texts) { p in
            withUnsafeMutableBytes(of: &spec.pointee.textLengths) { placeAll(texts, p, $0) }
        }
        spec.pointee.textCount = Int32(texts.count)
        withUnsafeMutableBytes(of: &spec.pointee.stopMasks) { out in
            for (k, m) in masks.enumerated() { out.storeBytes(of: m, toByteOffset: k * 4, as: UInt32.self) }
        }
        spec.pointee.stopMaskCount = Int32(masks.count)
        pw_skim_prepare(spec)
        self.vector = vector && pw_vec_spec_fits(spec) != 0 ? pw_vec_state_create() : nil
    }

    deinit {
        storage.deallocate()
        spec.deallocate()
        if let vector { pw_vec_state_destroy(vector) }
        starts.deallocate()
        ends.deallocate()
    }

    /// True when a text can be looked for as a whole string (see the type's notes).
    static func qualifies(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") })
        else { return false }
        if bytes[0] == UInt8(ascii: "{") || bytes[0] == UInt8(ascii: "[") { return false }
        if ["true", "false", "null"].contains(text) { return false }
        let numberBytes = Set("0123456789+-.eE".utf8)
        return !bytes.allSatisfy { numberBytes.contains($0) }
    }

    /// True when `bytes` is a checked record no branch can take; `starts` and `ends` then hold its
    /// skimmed members. False when the record must be read the normal way (or the skim is paused).
    @inline(__always)
    func skips(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return check(base, bytes.count, lines: false) != nil
    }

    /// Like `skips`, for the line starting at `start` (with `available` bytes from there to the end
    /// of the input): the length of the line (up to its line feed or the end) when it is a checked
    /// record no branch can take, nil when it must be read the normal way.
    @inline(__always)
    func skipsLine(_ start: UnsafeRawPointer, available: Int) -> Int? {
        check(start, available, lines: true)
    }

    @inline(__always)
    private func check(_ start: UnsafeRawPointer, _ count: Int, lines: Bool) -> Int? {
        if paused > 0 {
            paused -= 1
            return nil
        }
        var seen: UInt32 = 0
        var end: Int64 = 0
        let p = start.assumingMemoryBound(to: UInt8.self)
        var verdict: Int32 = -1
        if let vector { verdict = pw_skim_record_vector(p, Int64(count), lines ? 1 : 0, spec, vector, starts, ends, &seen, &end) }
        if verdict < 0 { verdict = pw_skim_record(p, Int64(count), lines ? 1 : 0, spec, starts, ends, &seen, &end) }
        tried += 1
        if tried == RecordSkim.window {
            if skippedInWindow < RecordSkim.minimumSkipped { paused = RecordSkim.pause }
            tried = 0
            skippedInWindow = 0
        }
        return verdict == 1 ? Int(end) : nil
    }

    /// Counts a record `skips` accepted and the reader skipped.
    @inline(__always)
    func noteSkipped() {
        skipped += 1
        skippedInWindow += 1
    }
}
