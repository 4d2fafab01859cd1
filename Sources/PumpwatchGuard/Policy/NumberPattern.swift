/// A number pattern of an allow list.
///
/// Digits, `x` or `?` for any one digit, and an optional trailing `*` for any rest (`+1 555 01*`,
/// `+44 7700 900xxx`). Spaces, dashes and a leading `+` are ignored.
public struct NumberPattern: Sendable, Equatable, CustomStringConvertible {
    /// The pattern as written.
    public let text: String
    /// Digits 0–9, or 10 for any digit.
    private let symbols: [UInt8]
    private let openEnded: Bool

    public init?(_ text: String) {
        self.text = text
        var symbols: [UInt8] = []
        var open = false
        var body = Substring(text.trimmingCharacters(in: " "))
        if body.hasPrefix("+") { body = body.dropFirst() }
        for (i, c) in body.enumerated() {
            switch c {
            case "0"..."9": symbols.append(UInt8(c.asciiValue! - 48))
            case "x", "X", "?": symbols.append(10)
            case " ", "-": continue
            case "*":
                guard i == body.count - 1 else { return nil }
                open = true
            default: return nil
            }
        }
        guard !symbols.isEmpty, symbols.count <= 15, symbols[0] != 0 else { return nil }
        self.symbols = symbols
        self.openEnded = open
    }

    /// True when `digits` (a number's digits after `+`, each 0–9) match.
    func matches(_ digits: [UInt8]) -> Bool {
        if openEnded ? digits.count < symbols.count : digits.count != symbols.count { return false }
        for (i, s) in symbols.enumerated() where s != 10 && s != digits[i] { return false }
        return true
    }

    public var description: String { text }
}
