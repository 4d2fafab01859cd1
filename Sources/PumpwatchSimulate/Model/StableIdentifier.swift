/// Identifiers that belong to the simulated organization rather than to one run: the same for every seed.
enum StableIdentifier {
    /// `prefix` followed by `length` upper-case letters and digits, derived from `label`.
    static func make(prefix: String, label: String, length: Int) -> String {
        var rng = SplitMix64(seed: 0x5EED_0F0E_5A00, label: label)
        return prefix + rng.characters(length, from: SplitMix64.upperAlphanumerics)
    }

    /// `length` lowercase hexadecimal digits derived from `label`.
    static func hex(label: String, length: Int) -> String {
        var rng = SplitMix64(seed: 0x5EED_0F0E_5A00, label: label)
        return rng.hex(length)
    }

    /// A UUID derived from `label`.
    static func uuid(label: String) -> String {
        var rng = SplitMix64(seed: 0x5EED_0F0E_5A00, label: label)
        return rng.uuid()
    }
}
