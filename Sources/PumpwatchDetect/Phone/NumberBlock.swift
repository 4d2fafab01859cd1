/// The numbers that share every digit but the last few: the unit carriers lease to pumping
/// operators (`+232761234xx` holds +23276123400 … +23276123499).
public struct NumberBlock: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The leading digits shared by the block, as a number (`232761234`).
    public let prefix: UInt64
    /// How many digits the prefix has.
    public let prefixDigits: Int
    /// How many trailing digits vary inside the block (2–4 in the detectors).
    public let trailingDigits: Int

    /// The block of `number` with its last `trailingDigits` digits (clamped to 1–6) free.
    public init(number: PhoneNumber, trailingDigits: Int) {
        let n = max(1, min(6, trailingDigits, number.digitCount - 1))
        self.trailingDigits = n
        self.prefixDigits = number.digitCount - n
        self.prefix = number.value / PhoneNumber.powerOfTen(n)
    }

    /// The position of `number` inside its block (its last digits as a number), or `nil` when it is not in the block.
    public func index(of number: PhoneNumber) -> Int? {
        guard number.digitCount == prefixDigits + trailingDigits else { return nil }
        let scale = PhoneNumber.powerOfTen(trailingDigits)
        guard number.value / scale == prefix else { return nil }
        return Int(number.value % scale)
    }

    /// True when `number` lies in the block.
    public func contains(_ number: PhoneNumber) -> Bool {
        index(of: number) != nil
    }

    /// The number at `index` inside the block.
    public func number(at index: Int) -> PhoneNumber? {
        let scale = PhoneNumber.powerOfTen(trailingDigits)
        guard index >= 0, UInt64(index) < scale else { return nil }
        return PhoneNumber(value: prefix * scale + UInt64(index))
    }

    /// How many numbers the block holds (10^trailingDigits).
    public var size: Int { Int(PhoneNumber.powerOfTen(trailingDigits)) }

    /// The block as people write it: the shared prefix and an `x` per free digit (`+232761234xx`).
    public var description: String {
        "+" + String(prefix) + String(repeating: "x", count: trailingDigits)
    }

    public static func < (a: NumberBlock, b: NumberBlock) -> Bool {
        a.description < b.description
    }
}
