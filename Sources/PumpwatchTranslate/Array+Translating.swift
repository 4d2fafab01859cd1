extension Array {
    /// `map` for a transform that throws `TranslationError`.
    func mapTranslating<T>(_ transform: (Element) throws(TranslationError) -> T) throws(TranslationError) -> [T] {
        var out: [T] = []
        out.reserveCapacity(count)
        for e in self { out.append(try transform(e)) }
        return out
    }
}
