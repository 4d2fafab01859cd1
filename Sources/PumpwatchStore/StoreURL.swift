/// Which store a `--db` value names: an SQLite file or a PostgreSQL database.
///
/// ```swift
/// try StoreURL(parsing: "pumpwatch.sqlite")                         // .sqlite(path: "pumpwatch.sqlite")
/// try StoreURL(parsing: "sqlite:/var/lib/pumpwatch/db.sqlite")      // .sqlite(path: "/var/lib/pumpwatch/db.sqlite")
/// try StoreURL(parsing: "postgres://pw:secret@db:5432/pumpwatch")   // .postgres(...)
/// ```
///
/// A plain path, `sqlite:PATH`, `sqlite://PATH`, `file:PATH` or `file://PATH` is an SQLite file;
/// `postgres://` and `postgresql://` URLs are PostgreSQL (see `PostgresURL`). Anything else with a
/// scheme is rejected with a `StoreURLError` naming it.
public enum StoreURL: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresURL)

    public init(parsing text: String) throws(StoreURLError) {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw StoreURLError(part: .path, value: text, reason: "empty: give a file path or a postgres:// URL") }
        guard let scheme = StoreURL.scheme(of: trimmed) else {
            self = .sqlite(path: trimmed)
            return
        }
        switch scheme.lowercased() {
        case "postgres", "postgresql":
            self = .postgres(try PostgresURL(parsing: trimmed))
        case "sqlite", "file":
            var path = trimmed.dropFirst(scheme.count + 1)
            if path.hasPrefix("//") { path = path.dropFirst(2) }
            guard !path.isEmpty else { throw StoreURLError(part: .path, value: trimmed, reason: "no file path after '\(scheme):'") }
            self = .sqlite(path: String(path))
        default:
            throw StoreURLError(
                part: .scheme, value: String(scheme), reason: "unsupported: use a file path, sqlite:PATH, file:PATH, postgres:// or postgresql://")
        }
    }

    /// The URL scheme of `text` (letters, digits, `+`, `-`, `.` before a `:`, starting with a letter), if any.
    static func scheme(of text: String) -> Substring? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let scheme = text[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter, scheme.count > 1 || text[colon...].hasPrefix("://") else { return nil }
        guard scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }) else { return nil }
        return scheme
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
