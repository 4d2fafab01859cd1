import Dispatch
import Foundation
import PumpwatchCore

/// Turns SIGINT and SIGTERM into a flag a long-running loop checks between passes.
final class StopSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var sources: [DispatchSourceSignal] = []
    private var _stopped = false
    private var _fatal: MalformedRecord?

    init() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.stop() }
            source.resume()
            sources.append(source)
        }
    }

    /// True once a stop signal arrived.
    var stopped: Bool { lock.withLock { _stopped } }

    /// A malformed record that must end the run (strict mode).
    var fatal: MalformedRecord? {
        get { lock.withLock { _fatal } }
        set { lock.withLock { _fatal = newValue } }
    }

    func stop() { lock.withLock { _stopped = true } }

    /// Sleeps up to `seconds`, waking early when a stop signal arrives.
    func sleep(seconds: Double) async throws {
        var left = seconds
        while left > 0, !stopped {
            let step = min(left, 0.1)
            try await Task.sleep(nanoseconds: UInt64(step * 1e9))
            left -= step
        }
    }

    /// The wall clock in epoch milliseconds.
    static func nowMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
