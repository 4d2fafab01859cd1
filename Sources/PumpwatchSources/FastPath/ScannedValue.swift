/// Where one wanted member's value lies in a record's bytes, and what kind of JSON value it is.
///
/// Strings are described by their content, without the quotes; other values by their whole text.
/// `survives` says whether Elastic's "remove empty values" step keeps the value: strings that are
/// not empty, numbers, booleans, and containers holding such a value at any depth.
struct ScannedValue {
    enum Kind: UInt8 {
        case absent = 0, string, number, trueValue, falseValue, null, object, array
    }

    static let escapedFlag: UInt8 = 1
    static let nonASCIIFlag: UInt8 = 2
    static let survivesFlag: UInt8 = 4
    /// Only the kind is known yet: `ScannedRecord` works out the rest when the value is read
    /// (`PW_FLAG_DEFERRED`).
    static let deferredFlag: UInt8 = 0x80

    var start: Int32 = 0
    var end: Int32 = 0
    var kind: Kind = .absent
    var flags: UInt8 = 0

    var isPresent: Bool { kind != .absent }
    /// True for a string holding a backslash escape.
    var isEscaped: Bool { flags & ScannedValue.escapedFlag != 0 }
    /// True for a string holding bytes outside ASCII.
    var isNonASCII: Bool { flags & ScannedValue.nonASCIIFlag != 0 }
    var survives: Bool { flags & ScannedValue.survivesFlag != 0 }
    var length: Int { Int(end - start) }
    /// True for a string that is plain ASCII text with no escapes, so its bytes are its characters.
    var isPlainASCIIString: Bool { kind == .string && flags & (ScannedValue.escapedFlag | ScannedValue.nonASCIIFlag) == 0 }
}
