import PumpwatchCore

/// The properties of what reading any input must give, whatever the format and the input.
public enum ReadItemCheck {
    /// Traps unless every item comes from `path`, from a line of the input, in input order, and
    /// every malformed record says why.
    ///
    /// - Parameters:
    ///   - bounds: the input's lines (after gzip decoding).
    ///   - format: the format every event must carry, when known.
    ///   - wholeFileLine: when true, a malformed record may be at line 0, which stands for the
    ///     whole file (empty, binary or of no known format).
    public static func requireWellFormed(
        _ items: [ReadItem], path: String, bounds: TextBounds, format: SourceFormat?, input: [UInt8], wholeFileLine: Bool = false
    ) {
        var last: Origin?
        for item in items {
            let o = item.origin
            PropertyCheck.require(o.file == path, "\(item) names file \(o.file), not \(path); input \(PropertyCheck.excerpt(input))")
            if case .malformed = item, wholeFileLine, o.line == 0 {
                PropertyCheck.require(items.count == 1, "a report on the whole file among other items: \(items.prefix(4)); input \(PropertyCheck.excerpt(input))")
            } else if let problem = bounds.problem(withLine: o.line) {
                PropertyCheck.fail("\(item): \(problem); input \(PropertyCheck.excerpt(input))")
            }
            if let record = o.record {
                PropertyCheck.require(record >= 1, "\(item) has record number \(record); input \(PropertyCheck.excerpt(input))")
            }
            if let last {
                PropertyCheck.require(
                    o.line >= last.line, "\(item) comes after a record at line \(last.line); input \(PropertyCheck.excerpt(input))")
                if let a = last.record, let b = o.record {
                    PropertyCheck.require(b >= a, "\(item) comes after record \(a); input \(PropertyCheck.excerpt(input))")
                }
            }
            last = o
            switch item {
            case .malformed(let m):
                PropertyCheck.require(!m.reason.isEmpty, "malformed record without a reason at \(m.origin)")
            case .event(let e):
                if let format {
                    PropertyCheck.require(e.format == format, "\(item) has format \(e.format), read as \(format); input \(PropertyCheck.excerpt(input))")
                }
            }
        }
    }

    /// Traps unless both runs reported the same items in the same order.
    public static func requireSame(_ a: [ReadItem], _ b: [ReadItem], _ what: String, input: [UInt8]) {
        guard a.count == b.count else {
            PropertyCheck.fail("\(what): \(a.count) items against \(b.count): \(a.prefix(4)) against \(b.prefix(4)); input \(PropertyCheck.excerpt(input))")
        }
        for (x, y) in zip(a, b) where !x.isSame(as: y) {
            PropertyCheck.fail("\(what): \(x) against \(y); input \(PropertyCheck.excerpt(input))")
        }
    }
}
