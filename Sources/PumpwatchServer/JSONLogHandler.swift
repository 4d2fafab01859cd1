import Foundation
import Logging
import PumpwatchCore

/// A swift-log handler writing one JSON object per line to standard error:
/// `{"time", "level", "label", "message", ...metadata}`.
///
/// Metadata keys that could carry a secret or a message body (`authorization`, `token`,
/// `password`, `body`, `text`) are dropped, whatever a caller passes.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String

    static let redacted: Set<String> = ["authorization", "token", "password", "secret", "body", "text"]
    private static let lock = NSLock()

    public init(label: String, level: Logger.Level = .info) {
        self.label = label
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let extra = event.metadata { all.merge(extra) { _, new in new } }
        JSONLogHandler.write(JSONLogHandler.line(
            time: Int64((Date().timeIntervalSince1970 * 1000).rounded()), level: event.level, label: label, message: "\(event.message)",
            metadata: all))
    }

    /// One log line, without its newline.
    static func line(time: Int64, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var out = "{\"time\":\"\(Timestamp.iso8601(millis: time))\",\"level\":\"\(level.rawValue)\",\"label\":"
        JSONWriter.appendString(label, to: &out)
        out += ",\"message\":"
        JSONWriter.appendString(message, to: &out)
        for key in metadata.keys.sorted() where !redacted.contains(key.lowercased()) && !["time", "level", "label", "message"].contains(key) {
            out += ","
            JSONWriter.appendString(key, to: &out)
            out += ":"
            JSONWriter.appendString("\(metadata[key]!)", to: &out)
        }
        return out + "}"
    }

    private static func write(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        lock.lock()
        defer { lock.unlock() }
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(2, raw.baseAddress! + offset, raw.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
    }
}
