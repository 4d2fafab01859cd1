import PumpwatchCore
import PumpwatchQuery

/// The properties every query error must have, whatever the query text.
public enum QueryErrorCheck {
    /// Traps unless `error` has a location, and that location is inside the query text.
    public static func requireLocated(_ error: QueryError, in bounds: TextBounds, stage: String, text: String) {
        guard let location = error.location else {
            PropertyCheck.fail("\(stage) error without a location: \(error) in \(PropertyCheck.excerpt(text))")
        }
        if let problem = bounds.problem(with: location) {
            PropertyCheck.fail("\(stage) error outside the text: \(problem); error \(error) in \(PropertyCheck.excerpt(text))")
        }
        PropertyCheck.require(!error.message.isEmpty, "\(stage) error without a message in \(PropertyCheck.excerpt(text))")
        // The caret display must not trap either.
        _ = error.rendered(query: text)
    }

    /// Traps unless `errors` are in text order (by offset).
    public static func requireTextOrder(_ errors: [QueryError], text: String) {
        let offsets = errors.map { $0.location?.offset ?? 0 }
        PropertyCheck.require(offsets == offsets.sorted(), "diagnostics out of text order \(offsets) in \(PropertyCheck.excerpt(text))")
    }

    /// Traps unless `a` and `b` are the same error (kind, message and location).
    public static func requireSame(_ a: QueryError, _ b: QueryError, _ what: String, text: String) {
        PropertyCheck.require(
            a.kind == b.kind && a.message == b.message && a.location == b.location,
            "\(what): \(a) differs from \(b) in \(PropertyCheck.excerpt(text))")
    }
}
