import CByteScan
import PumpwatchCore

/// One record's bytes and the values a `RecordScanner` found in it, with the conversions the
/// normalizers apply to JSON values, done straight from the bytes.
///
/// Every conversion gives what the full path gives for the same value: plain strings are decoded
/// directly; strings with escapes, and numbers, go through `JSONParser` so they read exactly alike.
struct ScannedRecord {
    let bytes: UnsafeRawBufferPointer
    let values: UnsafeMutablePointer<ScannedValue>
    /// Decodes plain strings, sharing repeated ones; owned by whoever made the record and alive
    /// while it is used.
    unowned(unsafe) let strings: StringInterner?
    /// The vector scanner's state that read the record, which places values it left deferred.
    let shapes: UnsafeMutablePointer<pw_vscan_state>?

    init(
        bytes: UnsafeRawBufferPointer, values: UnsafeMutablePointer<ScannedValue>, strings: StringInterner? = nil,
        shapes: UnsafeMutablePointer<pw_vscan_state>? = nil
    ) {
        self.bytes = bytes
        self.values = values
        self.strings = strings
        self.shapes = shapes
    }

    /// The value in `slot`, placed first when the scanner deferred it.
    @inline(__always)
    subscript(slot: Int) -> ScannedValue {
        if values[slot].flags & ScannedValue.deferredFlag != 0 { resolve(slot) }
        return values[slot]
    }

    /// The kind of the value in `slot`, known without placing the value.
    @inline(__always)
    func kind(_ slot: Int) -> ScannedValue.Kind { values[slot].kind }

    @inline(never)
    private func resolve(_ slot: Int) {
        guard let shapes else { preconditionFailure("a deferred value without the scanner state that read it") }
        UnsafeMutableRawPointer(values + slot).withMemoryRebound(to: pw_scanned_value.self, capacity: 1) { pw_vscan_resolve(shapes, $0) }
    }

    /// The bytes of a string's content, or of another value's text.
    @inline(__always)
    func raw(_ v: ScannedValue) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[Int(v.start)..<Int(v.end)])
    }

    /// The JSON text of the value (a string with its quotes).
    func jsonText(_ v: ScannedValue) -> UnsafeRawBufferPointer {
        if v.kind == .string { return UnsafeRawBufferPointer(rebasing: bytes[(Int(v.start) - 1)..<(Int(v.end) + 1)]) }
        return raw(v)
    }

    /// The value parsed as `JSONParser` parses it; nil when absent.
    func json(_ v: ScannedValue) -> JSONValue? {
        switch v.kind {
        case .absent: return nil
        case .string: return .string(string(v))
        case .null: return .null
        case .trueValue: return .bool(true)
        case .falseValue: return .bool(false)
        case .number, .object, .array:
            return try? JSONParser.parse(raw(v))
        }
    }

    /// The decoded text of a string value.
    func string(_ v: ScannedValue) -> String {
        if !v.isEscaped {
            if let strings { return strings.string(raw(v)) }
            return String(decoding: raw(v), as: UTF8.self)
        }
        let quoted = UnsafeRawBufferPointer(rebasing: bytes[(Int(v.start) - 1)..<(Int(v.end) + 1)])
        if case .string(let s)? = try? JSONParser.parse(quoted) { return s }
        return String(decoding: raw(v), as: UTF8.self)
    }

    /// `JSONValue.scalarText` of the value; nil for absent values, null and containers.
    func scalarText(_ v: ScannedValue) -> String? {
        switch v.kind {
        case .string: return string(v)
        case .number: return json(v)?.scalarText
        case .trueValue: return "true"
        case .falseValue: return "false"
        case .absent, .null, .object, .array: return nil
        }
    }

    /// `scalarText` of a value that survives empty-value removal (the CloudTrail rule).
    @inline(__always)
    func survivingText(_ v: ScannedValue) -> String? {
        v.survives ? scalarText(v) : nil
    }

    /// The value after empty-value removal, as `CloudTrailNormalizer` sets a field from it: scalars keep
    /// their JSON type, containers become compact JSON text; nil when nothing survives.
    func cleanedFieldValue(_ v: ScannedValue) -> Value? {
        guard v.survives else { return nil }
        switch v.kind {
        case .string: return .string(string(v))
        case .trueValue: return .bool(true)
        case .falseValue: return .bool(false)
        case .number: return json(v)?.value
        case .object, .array:
            guard let parsed = json(v), let cleaned = JSONFlattener.removingEmpty(parsed) else { return nil }
            return .string(JSONWriter.serialize(cleaned))
        case .absent, .null: return nil
        }
    }

    /// The value after empty-value removal as parsed JSON; nil when nothing survives.
    func cleanedJSON(_ v: ScannedValue) -> JSONValue? {
        guard v.survives, let parsed = json(v) else { return nil }
        return JSONFlattener.removingEmpty(parsed)
    }

    /// True when a plain ASCII string's bytes equal `text`'s.
    @inline(__always)
    func bytesEqual(_ v: ScannedValue, _ text: [UInt8]) -> Bool {
        text.withUnsafeBytes { bytesEqual(v, $0) }
    }

    /// True when a plain ASCII string's bytes equal `text`.
    @inline(__always)
    func bytesEqual(_ v: ScannedValue, _ text: UnsafeRawBufferPointer) -> Bool {
        guard v.length == text.count else { return false }
        if text.isEmpty { return true }
        return TextSearch.equal(text.baseAddress!, bytes.baseAddress! + Int(v.start), count: text.count)
    }
}

