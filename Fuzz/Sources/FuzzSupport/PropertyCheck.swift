/// Stops the process when a property of the code under test does not hold.
///
/// `fatalError` prints the message to standard error and traps, which libFuzzer reports as a crash
/// and saves the input that caused it (`crash-<sha1>`), so the failure can be replayed by passing
/// that file to the harness.
public enum PropertyCheck {
    /// Traps with `message` unless `condition` holds.
    @inline(__always)
    public static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fail(message()) }
    }

    /// Reports a broken property and traps.
    public static func fail(_ message: String) -> Never {
        fatalError("property violated: \(message)")
    }

    /// `text` shortened to `limit` characters for a failure message, with escapes for control characters.
    public static func excerpt(_ text: String, limit: Int = 300) -> String {
        let shown = text.count > limit ? String(text.prefix(limit)) + "…" : text
        return shown.debugDescription
    }

    /// `bytes` as text for a failure message (invalid UTF-8 shown as replacement characters).
    public static func excerpt(_ bytes: [UInt8], limit: Int = 300) -> String {
        excerpt(String(decoding: bytes, as: UTF8.self), limit: limit)
    }
}
