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
/// member name where members are looked up, nesting deeper than 64 levels. The caller then takes
/// the record through the full parser and normalizer, which report or read it exactly.
///
/// Strings are skipped eight bytes at a time: one 64-bit word tells whether any of its bytes is a
/// quote, a backslash, a control character or outside ASCII.
struct RecordScanner {
    private let base: UnsafeRawPointer
    private let end: Int
    private var pos: Int
    /// The schema, not retained: `scan` runs within its caller's strong reference, and a retain and
    /// release per record showed in profiles. Used through `_withUnsafeGuaranteedRef`.
    private let schemaRef: Unmanaged<ScanSchema>
    private let values: UnsafeMutablePointer<ScannedValue>
    /// The caller's member predictions (`MemberPredictions.slots`), when it keeps them.
    private let predictions: UnsafeMutablePointer<MemberPredictions.Slot>?
    private let checksReservedPrefixes: Bool

    // The value scanned last.
    private var kind: ScannedValue.Kind = .absent
    private var flags: UInt8 = 0
    private var valueStart = 0
    private var valueEnd = 0

    /// The deepest container nesting followed while skipping a value: with the record's own
    /// object, a record scanned for top-level members nests at most 64 levels, the limit live
    /// ingest accepts (`IngestRecordCheck` relies on it).
    static let maxSkipDepth = 63

    private init(
        _ bytes: UnsafeRawBufferPointer, schema: ScanSchema, values: UnsafeMutablePointer<ScannedValue>, predictions: MemberPredictions?
    ) {
        self.predictions = predictions?.slots
        base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        end = bytes.count
        pos = 0
        schemaRef = Unmanaged.passUnretained(schema)
        self.values = values
        checksReservedPrefixes = schema.hasReservedPrefixes
    }

    /// Scans `bytes`, one JSON object with optional surrounding whitespace, filling `values`
    /// (`schema.slotCount` of them) for the members found. False when the record needs the full path.
    /// `predictions`, one reader's own, speeds up finding member names in records alike.
    static func scan(
        _ bytes: UnsafeRawBufferPointer, schema: ScanSchema, into values: UnsafeMutablePointer<ScannedValue>,
        predictions: MemberPredictions? = nil
    ) -> Bool {
        for i in 0..<schema.slotCount { values[i] = ScannedValue() }
        guard bytes.count <= Int(Int32.max) else { return false }
        var s = RecordScanner(bytes, schema: schema, values: values, predictions: predictions)
        s.skipSpace()
        guard s.peek() == UInt8(ascii: "{") else { return false }
        guard s.scanObject(level: 0) else { return false }
        s.skipSpace()
        return s.pos == s.end
    }

    // MARK: - Bytes

    @inline(__always)
    private func peek() -> UInt8 {
        pos < end ? base.load(fromByteOffset: pos, as: UInt8.self) : 0
    }

    @inline(__always)
    private mutating func skipSpace() {
        while pos < end {
            let c = base.load(fromByteOffset: pos, as: UInt8.self)
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { pos += 1 } else { return }
        }
    }

    // MARK: - Objects with wanted members

    /// Scans the object at `pos` (at its `{`), looking up member names at `level`.
    private mutating func scanObject(level: Int) -> Bool {
        pos += 1
        skipSpace()
        var survives = false
        var ordinal = 0
        if peek() == UInt8(ascii: "}") {
            pos += 1
            kind = .object
            flags = 0
            return true
        }
        while true {
            guard peek() == UInt8(ascii: "\"") else { return false }
            pos += 1
            let keyStart = pos
            guard scanStringContent() else { return false }
            if flags & ScannedValue.escapedFlag != 0 { return false }
            let keyLength = pos - 1 - keyStart
            skipSpace()
            guard peek() == UInt8(ascii: ":") else { return false }
            pos += 1
            skipSpace()
            let entry: ScanSchema.Entry?
            if let predictions {
                let (p, canReadAhead) = (base + keyStart, keyStart + 8 <= end)
                entry = schemaRef._withUnsafeGuaranteedRef {
                    $0.lookup(level: level, ordinal: ordinal, p, keyLength, canReadAhead: canReadAhead, predictions: predictions)
                }
                ordinal += 1
            } else {
                let (p, canReadAhead) = (base + keyStart, keyStart + 8 <= end)
                entry = schemaRef._withUnsafeGuaranteedRef { $0.lookup(level: level, p, keyLength, canReadAhead: canReadAhead) }
            }
            if let entry {
                let slot = Int(entry.slot)
                if values[slot].kind != .absent { return false }
                let start = pos
                if entry.child >= 0 && peek() == UInt8(ascii: "{") {
                    guard scanObject(level: Int(entry.child)) else { return false }
                    values[slot] = ScannedValue(start: Int32(start), end: Int32(pos), kind: .object, flags: flags)
                } else {
                    guard skipValue() else { return false }
                    values[slot] = ScannedValue(start: Int32(valueStart), end: Int32(valueEnd), kind: kind, flags: flags)
                }
            } else {
                if level == 0 && checksReservedPrefixes {
                    let p = base + keyStart
                    if schemaRef._withUnsafeGuaranteedRef({ $0.startsWithReservedPrefix(p, keyLength) }) { return false }
                }
                guard skipValue() else { return false }
            }
            if flags & ScannedValue.survivesFlag != 0 { survives = true }
            skipSpace()
            let c = peek()
            if c == UInt8(ascii: ",") {
                pos += 1
                skipSpace()
                continue
            }
            guard c == UInt8(ascii: "}") else { return false }
            pos += 1
            kind = .object
            flags = survives ? ScannedValue.survivesFlag : 0
            return true
        }
    }

    // MARK: - Skipping

    /// Skips one value at `pos`, checking it; sets `kind`, `flags`, `valueStart` and `valueEnd`.
    private mutating func skipValue() -> Bool {
        let c = peek()
        valueStart = pos
        switch c {
        case UInt8(ascii: "\""):
            pos += 1
            valueStart = pos
            guard scanStringContent() else { return false }
            valueEnd = pos - 1
            kind = .string
            if valueEnd > valueStart { flags |= ScannedValue.survivesFlag }
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard scanNumber() else { return false }
            kind = .number
            flags = ScannedValue.survivesFlag
        case UInt8(ascii: "t"):
            guard literal(0x6575_7274, 4) else { return false }  // "true"
            kind = .trueValue
            flags = ScannedValue.survivesFlag
        case UInt8(ascii: "f"):
            guard literal(0x65, 5, first: 0x736C_6166) else { return false }  // "false"
            kind = .falseValue
            flags = ScannedValue.survivesFlag
        case UInt8(ascii: "n"):
            guard literal(0x6C6C_756E, 4) else { return false }  // "null"
            kind = .null
            flags = 0
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard skipContainer() else { return false }
            kind = c == UInt8(ascii: "{") ? .object : .array
        default:
            return false
        }
        valueEnd = pos
        return true
    }

    /// Matches a literal: `word` holds its bytes little-endian (`count` of them, up to 4), or for
    /// five-byte `false` the first four in `first` and the fifth in `word`.
    @inline(__always)
    private mutating func literal(_ word: UInt32, _ count: Int, first: UInt32? = nil) -> Bool {
        guard pos + count <= end else { return false }
        if let first {
            guard UInt32(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: UInt32.self)) == first,
                base.load(fromByteOffset: pos + 4, as: UInt8.self) == UInt8(truncatingIfNeeded: word)
            else { return false }
        } else {
            guard UInt32(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: UInt32.self)) == word else { return false }
        }
        pos += count
        return true
    }

    /// Skips an object or array, iteratively, up to `maxSkipDepth` levels; sets `flags` to whether
    /// any scalar in it survives empty-value removal.
    private mutating func skipContainer() -> Bool {
        // Bit d of `objects` is set when the container at depth d is an object.
        var objects: UInt64 = 0
        var depth = 0
        var survives = false
        // Open the first container.
        var opening = true
        while true {
            if opening {
                let c = peek()
                guard depth < RecordScanner.maxSkipDepth else { return false }
                let isObject = c == UInt8(ascii: "{")
                if isObject { objects |= (1 << UInt64(depth)) } else { objects &= ~(1 << UInt64(depth)) }
                depth += 1
                pos += 1
                skipSpace()
                let close = peek()
                if close == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    pos += 1
                    depth -= 1
                    opening = false
                } else if isObject {
                    guard memberName() else { return false }
                    opening = false
                    guard element(&survives, &opening) else { return false }
                    if opening { continue }
                } else {
                    opening = false
                    guard element(&survives, &opening) else { return false }
                    if opening { continue }
                }
            }
            // After a complete value inside the container at depth - 1.
            if depth == 0 {
                flags = survives ? ScannedValue.survivesFlag : 0
                return true
            }
            skipSpace()
            let c = peek()
            let inObject = objects & (1 << UInt64(depth - 1)) != 0
            if c == UInt8(ascii: ",") {
                pos += 1
                skipSpace()
                if inObject { guard memberName() else { return false } }
                guard element(&survives, &opening) else { return false }
                continue
            }
            if c == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                pos += 1
                depth -= 1
                continue
            }
            return false
        }
    }

    /// Skips `"name"` and the colon after it, with the whitespace around.
    @inline(__always)
    private mutating func memberName() -> Bool {
        guard peek() == UInt8(ascii: "\"") else { return false }
        pos += 1
        guard scanStringContent() else { return false }
        skipSpace()
        guard peek() == UInt8(ascii: ":") else { return false }
        pos += 1
        skipSpace()
        return true
    }

    /// Skips one element or member value inside a container; a nested container is left for the
    /// caller to open (`opening` set) so the nesting stays iterative.
    @inline(__always)
    private mutating func element(_ survives: inout Bool, _ opening: inout Bool) -> Bool {
        let c = peek()
        switch c {
        case UInt8(ascii: "\""):
            pos += 1
            let s = pos
            guard scanStringContent() else { return false }
            if pos - 1 > s { survives = true }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            opening = true
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard scanNumber() else { return false }
            survives = true
        case UInt8(ascii: "t"):
            guard literal(0x6575_7274, 4) else { return false }
            survives = true
        case UInt8(ascii: "f"):
            guard literal(0x65, 5, first: 0x736C_6166) else { return false }
            survives = true
        case UInt8(ascii: "n"):
            guard literal(0x6C6C_756E, 4) else { return false }
        default:
            return false
        }
        return true
    }

    // MARK: - Scalars

    /// Skips string content from `pos` (just after the opening quote) to just after the closing
    /// quote, checking escapes, control characters and UTF-8; sets `flags` (escaped, non-ASCII).
    @inline(__always)
    private mutating func scanStringContent() -> Bool {
        var f: UInt8 = 0
        defer { flags = f }
        while true {
            // Sixteen bytes at a time while they are plain; eight near the end.
            var stopped = false
            while pos + 16 <= end {
                let stops = pw_string_stops16(base.advanced(by: pos).assumingMemoryBound(to: UInt8.self))
                if stops == 0 {
                    pos += 16
                    continue
                }
                pos += Int(stops.trailingZeroBitCount)
                stopped = true
                break
            }
            while !stopped && pos + 8 <= end {
                let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
                let quote = w ^ 0x2222_2222_2222_2222
                let backslash = w ^ 0x5C5C_5C5C_5C5C_5C5C
                let ones: UInt64 = 0x0101_0101_0101_0101
                let high: UInt64 = 0x8080_8080_8080_8080
                let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                    | ((w &- 0x2020_2020_2020_2020) & ~w) | w
                let hits = special & high
                if hits == 0 {
                    pos += 8
                    continue
                }
                pos += hits.trailingZeroBitCount >> 3
                break
            }
            guard pos < end else { return false }
            let c = base.load(fromByteOffset: pos, as: UInt8.self)
            if c == UInt8(ascii: "\"") {
                pos += 1
                return true
            }
            if c == UInt8(ascii: "\\") {
                f |= ScannedValue.escapedFlag
                guard pos + 1 < end else { return false }
                let e = base.load(fromByteOffset: pos + 1, as: UInt8.self)
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    pos += 2
                case UInt8(ascii: "u"):
                    guard pos + 6 <= end else { return false }
                    for k in 2..<6 where !RecordScanner.isHexDigit(base.load(fromByteOffset: pos + k, as: UInt8.self)) { return false }
                    pos += 6
                default:
                    return false
                }
                continue
            }
            if c < 0x20 { return false }
            if c >= 0x80 {
                f |= ScannedValue.nonASCIIFlag
                guard skipUTF8Sequence(c) else { return false }
                continue
            }
            // A plain byte found by the byte-wise tail.
            pos += 1
        }
    }

    @inline(__always)
    private static func isHexDigit(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
    }

    /// Skips one well-formed multi-byte UTF-8 sequence starting with `lead` at `pos`.
    private mutating func skipUTF8Sequence(_ lead: UInt8) -> Bool {
        @inline(__always) func byte(_ k: Int) -> UInt8 { base.load(fromByteOffset: pos + k, as: UInt8.self) }
        @inline(__always) func cont(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }
        switch lead {
        case 0xC2...0xDF:
            guard pos + 2 <= end, cont(byte(1)) else { return false }
            pos += 2
        case 0xE0...0xEF:
            guard pos + 3 <= end else { return false }
            let b1 = byte(1)
            let lowOK: Bool
            switch lead {
            case 0xE0: lowOK = b1 >= 0xA0 && b1 <= 0xBF
            case 0xED: lowOK = b1 >= 0x80 && b1 <= 0x9F
            default: lowOK = cont(b1)
            }
            guard lowOK, cont(byte(2)) else { return false }
            pos += 3
        case 0xF0...0xF4:
            guard pos + 4 <= end else { return false }
            let b1 = byte(1)
            let lowOK: Bool
            switch lead {
            case 0xF0: lowOK = b1 >= 0x90 && b1 <= 0xBF
            case 0xF4: lowOK = b1 >= 0x80 && b1 <= 0x8F
            default: lowOK = cont(b1)
            }
            guard lowOK, cont(byte(2)), cont(byte(3)) else { return false }
            pos += 4
        default:
            return false
        }
        return true
    }

    /// Skips a number with JSON's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    @inline(__always)
    private mutating func scanNumber() -> Bool {
        @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        if peek() == UInt8(ascii: "-") { pos += 1 }
        let first = peek()
        guard isDigit(first) else { return false }
        pos += 1
        if first != UInt8(ascii: "0") {
            while isDigit(peek()) { pos += 1 }
        }
        if peek() == UInt8(ascii: ".") {
            pos += 1
            guard isDigit(peek()) else { return false }
            while isDigit(peek()) { pos += 1 }
        }
        let e = peek()
        if e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            pos += 1
            let s = peek()
            if s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { pos += 1 }
            guard isDigit(peek()) else { return false }
            while isDigit(peek()) { pos += 1 }
        }
        return true
    }
}
