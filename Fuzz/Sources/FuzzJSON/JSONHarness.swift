import Foundation
import FuzzSupport
import PumpwatchCore

/// Fuzzes `JSONParser`: errors point inside the input; what it accepts it writes back (with
/// `JSONWriter`) as text it reads to the same value; a lone surrogate escape reads as U+FFFD
/// without touching its neighbours; and it agrees with Foundation's `JSONSerialization`
/// (`.fragmentsAllowed`) on which documents are valid and on their values.
///
/// The documented differences with Foundation, which the harness takes out before comparing:
/// - Encodings: Foundation also reads UTF-16 and UTF-32 (by byte order mark or NUL bytes in the
///   first four bytes) and skips a UTF-8 byte order mark; pumpwatch reads UTF-8 only. Such
///   inputs are not compared.
/// - Lone surrogate escapes (`"\ud800"`): pumpwatch reads U+FFFD, Foundation rejects. Compared
///   after rewriting each to `\uFFFD`.
/// - A trailing comma before `]` or `}`: Foundation accepts it, pumpwatch (like RFC 8259) does
///   not. pumpwatch must reject it; the rest is compared with the comma taken out.
/// - Numbers beyond Double's range (`1e400`): pumpwatch reads ±infinity (and writes it back as
///   `null`), Foundation rejects the document. Documents in which pumpwatch finds such a number
///   are not compared for validity.
/// - Duplicate keys: both accept; pumpwatch keeps every member, Foundation the last one, which is
///   what is compared.
/// - Depth: both reject nesting deeper than 512 levels.
/// - A U+FEFF written as is at the start of a string or after an escape: Foundation drops it (it
///   reads it as a byte order mark), pumpwatch keeps it. Strings are compared without U+FEFF.
@main
enum JSONHarness {
    static func main() {
        FuzzDriver.run { data, size in
            JSONHarness.check(FuzzInput(data, size).bytes)
            return 0
        }
    }

    static func parse(_ bytes: [UInt8]) -> Result<JSONValue, JSONParseError> {
        do throws(JSONParseError) { return .success(try JSONParser.parse(bytes)) } catch { return .failure(error) }
    }

    static func foundation(_ bytes: [UInt8]) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)
    }

    static func check(_ bytes: [UInt8]) {
        let ours = parse(bytes)
        switch ours {
        case .failure(let error):
            PropertyCheck.require(error.offset >= 0 && error.offset <= bytes.count, "error offset \(error.offset) outside \(bytes.count) bytes: \(error)")
            PropertyCheck.require(!error.message.isEmpty, "error without a message")
        case .success(let value):
            requireRoundTrip(value, bytes)
        }

        // Lone surrogates read as U+FFFD, exactly as if the text said \uFFFD.
        let canonical = JSONRewriter.replacingLoneSurrogates(bytes)
        if canonical != bytes {
            switch (ours, parse(canonical)) {
            case (.success(let a), .success(let b)):
                PropertyCheck.require(same(a, b), "lone surrogates read as \(JSONWriter.serialize(a)), not as \\uFFFD would: \(JSONWriter.serialize(b)); input \(PropertyCheck.excerpt(bytes))")
            case (.failure(let a), .failure(let b)):
                PropertyCheck.require(a.offset == b.offset, "lone surrogates move the error from byte \(b.offset) to \(a.offset): \(PropertyCheck.excerpt(bytes))")
            case (let a, let b):
                PropertyCheck.fail("lone surrogates change validity: \(a) against \(b) with \\uFFFD; input \(PropertyCheck.excerpt(bytes))")
            }
        }

        guard !JSONRewriter.foundationReadsAnotherEncoding(canonical) else { return }
        let (comparable, hadTrailingComma) = JSONRewriter.removingTrailingCommas(canonical)
        if hadTrailingComma, case .success = ours {
            PropertyCheck.fail("a trailing comma is accepted: \(PropertyCheck.excerpt(bytes))")
        }
        let mine = parse(comparable)
        let theirs = foundation(comparable)
        switch (mine, theirs) {
        case (.success(let value), let other?):
            if let difference = FoundationValueComparison.difference(value, other) {
                PropertyCheck.fail("values differ from Foundation's at \(difference); input \(PropertyCheck.excerpt(comparable))")
            }
        case (.success(let value), nil):
            guard !hasNonFiniteNumber(value) else { return }
            PropertyCheck.fail("accepted, but Foundation rejects: \(PropertyCheck.excerpt(comparable))")
        case (.failure(let error), _?):
            PropertyCheck.fail("rejected (\(error)), but Foundation accepts: \(PropertyCheck.excerpt(comparable))")
        case (.failure, nil):
            break
        }
    }

    /// The value written by `JSONWriter` reads back to itself (non-finite numbers as null).
    static func requireRoundTrip(_ value: JSONValue, _ bytes: [UInt8]) {
        let text = JSONWriter.serialize(value)
        switch parse(Array(text.utf8)) {
        case .failure(let error):
            PropertyCheck.fail("JSONWriter output does not parse (\(error)): \(PropertyCheck.excerpt(text)) from \(PropertyCheck.excerpt(bytes))")
        case .success(let again):
            PropertyCheck.require(same(finite(value), again), "round trip changes the value: \(PropertyCheck.excerpt(text)) from \(PropertyCheck.excerpt(bytes))")
        }
    }

    /// Equality with strings compared scalar by scalar and object members in order.
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0.unicodeScalars.elementsEqual($1.0.unicodeScalars) && same($0.1, $1.1) }
        case (.double(let x), .double(let y)) where x.isNaN && y.isNaN: return true
        default: return a == b
        }
    }

    static func finite(_ v: JSONValue) -> JSONValue {
        switch v {
        case .double(let d) where !d.isFinite: return .null
        case .array(let a): return .array(a.map(finite))
        case .object(let o): return .object(o.map { ($0.0, finite($0.1)) })
        default: return v
        }
    }

    static func hasNonFiniteNumber(_ v: JSONValue) -> Bool {
        switch v {
        case .double(let d): return !d.isFinite
        case .array(let a): return a.contains(where: hasNonFiniteNumber)
        case .object(let o): return o.contains { hasNonFiniteNumber($0.1) }
        default: return false
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    JSONHarness.check(FuzzInput(data, size).bytes)
    return 0
}
