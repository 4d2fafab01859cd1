import ArgumentParser
import Foundation
import PumpwatchCore

/// Parses `--now`, defaulting to the wall clock.
enum NowOption {
    static func millis(_ text: String?) throws -> Int64 {
        guard let text else { return Int64(Date().timeIntervalSince1970 * 1000) }
        guard let ms = Timestamp.parse(text) else { throw ValidationError("--now: '\(text)' is not an ISO 8601 time") }
        return ms
    }
}
