#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Shows how many bytes of the input have been read, on one rewritten line of standard error.
///
/// It is silent unless standard error is a terminal, and redraws at most about four times a second.
public final class ProgressReporter {
    /// The number of bytes expected in total (0 when unknown).
    public var totalBytes: Int64
    /// Bytes read so far.
    public private(set) var bytesRead: Int64 = 0
    /// False when nothing is drawn.
    public let isEnabled: Bool

    private var lastDraw: Int64 = 0
    private var drawn = false
    private let interval: Int64 = 250

    /// A reporter for `totalBytes`; enabled by default only when standard error is a terminal.
    public init(totalBytes: Int64, enabled: Bool? = nil) {
        self.totalBytes = totalBytes
        self.isEnabled = enabled ?? (isatty(2) != 0)
    }

    /// Counts `count` more bytes read and redraws when the last draw is old enough.
    public func advance(by count: Int) {
        bytesRead += Int64(count)
        guard isEnabled else { return }
        let now = ProgressReporter.monotonicMillis()
        if now - lastDraw >= interval {
            lastDraw = now
            draw()
        }
    }

    /// Erases the progress line.
    public func finish() {
        guard isEnabled, drawn else { return }
        ProgressReporter.writeToStandardError("\r\u{1B}[K")
        drawn = false
    }

    /// The text drawn for the current counts, such as `read 12.0 MB of 48.0 MB (25%)`.
    public var statusText: String {
        let read = ProgressReporter.megabytes(bytesRead)
        guard totalBytes > 0 else { return "read \(read)" }
        let percent = min(100, bytesRead * 100 / totalBytes)
        return "read \(read) of \(ProgressReporter.megabytes(totalBytes)) (\(percent)%)"
    }

    private func draw() {
        drawn = true
        ProgressReporter.writeToStandardError("\r\u{1B}[K" + statusText)
    }

    static func megabytes(_ bytes: Int64) -> String {
        let tenths = bytes * 10 / 1_048_576
        return "\(tenths / 10).\(tenths % 10) MB"
    }

    static func monotonicMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    static func writeToStandardError(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { return }
            offset += n
        }
    }
}
