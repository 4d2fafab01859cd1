#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lowers the scheduling priority of background work such as state checkpoints.
enum BackgroundPriority {
    /// The nice value background threads run at (0 is normal, 19 the lowest priority).
    static let niceness: Int32 = 10
    /// Linux's `SCHED_IDLE` policy, which glibc's headers only show with `_GNU_SOURCE`.
    static let idlePolicy: Int32 = 5

    /// Lowers the calling thread's priority. On Linux a nice value belongs to a thread, and
    /// `setpriority(PRIO_PROCESS, 0, ...)` sets the calling thread's. Failing is harmless and ignored.
    static func lowerCurrentThread() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        #endif
    }

    /// Makes the calling thread run only on cores nothing else wants (`SCHED_IDLE` on Linux; the
    /// lowest nice value where that fails or elsewhere). A nice value alone still left a busy
    /// detection thread a large share of the cores next to ingest threads that sleep and wake.
    /// Returns true when the thread is now idle-scheduled.
    @discardableResult
    static func idleCurrentThread() -> Bool {
        #if os(Linux)
        var param = sched_param(sched_priority: 0)
        if sched_setscheduler(0, idlePolicy, &param) == 0 { return true }
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
        #endif
        return false
    }
}
