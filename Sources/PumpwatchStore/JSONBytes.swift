import PumpwatchGuard

/// JSON written straight into UTF-8 bytes: the fast path for the guard's answers and stored
/// reasons, without building intermediate strings or `Codable` containers.
///
/// ```swift
/// var json = JSONBytes()
/// json.raw("{\"id\":")
/// json.string(decision.id)
/// json.raw("}")
/// let body = json.bytes
/// ```
public struct JSONBytes: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends `text` as it is: punctuation and keys the caller knows are valid JSON.
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends `text` quoted, escaping `"`, `\` and control characters.
    public mutating func string(_ text: String) {
        var text = text
        bytes.append(UInt8(ascii: "\""))
        text.withUTF8 { utf8 in
            var start = 0
            for i in 0..<utf8.count {
                let c = utf8[i]
                guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
                if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i])) }
                escape(c)
                start = i + 1
            }
            if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ c: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch c {
        case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(c >> 4)], hex[Int(c & 15)]])
        }
    }

    /// Appends `text` quoted, or `null`.
    public mutating func string(_ text: String?) {
        if let text { string(text) } else { raw("null") }
    }

    public mutating func int(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            if value == .min {
                bytes.append(contentsOf: Array("9223372036854775808".utf8))
                return
            }
        }
        var v = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[19 - n] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                n += 1
            } while v > 0
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: d[(20 - n)...]))
        }
    }

    /// Appends a number: whole values without a fraction, others in the shortest form that reads back.
    public mutating func number(_ value: Double) {
        if !value.isFinite {
            raw("null")
        } else if value == value.rounded(), abs(value) < 1e15 {
            int(Int(value))
        } else {
            bytes.append(contentsOf: Array(String(value).utf8))
        }
    }

    public mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    /// Appends `reasons` as a JSON array of `{"signal", "detail", "value", "threshold", "score"}`
    /// (`threshold` is `null` when the signal has none): the form the guard's routes answer and
    /// the store keeps.
    public mutating func reasons(_ reasons: [Reason]) {
        bytes.append(UInt8(ascii: "["))
        for (i, r) in reasons.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            raw("{\"signal\":")
            string(r.signal)
            raw(",\"detail\":")
            string(r.detail)
            raw(",\"value\":")
            number(r.value)
            raw(",\"threshold\":")
            if let t = r.threshold { number(t) } else { raw("null") }
            raw(",\"score\":")
            int(r.score)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// The bytes as a string.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}
