#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lowers the scheduling priority of background work such as state checkpoints.
enum BackgroundPriority {
    /// The nice value background threads run at (0 is normal, 19 the lowest priority).
    static let niceness: Int32 = 10

    /// Lowers the calling thread's priority. On Linux a nice value belongs to a thread, and
    /// `setpriority(PRIO_PROCESS, 0, ...)` sets the calling thread's. Failing is harmless and ignored.
    static func lowerCurrentThread() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        #endif
    }
}
