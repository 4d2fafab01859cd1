import Foundation

/// A thread of its own that runs jobs one after the other, in the order they were queued.
///
/// Long CPU work (detection normalizing journal pages and judging the rules) runs here instead of
/// on the cooperative threads that answer requests. With `.idle`, the thread runs only on cores
/// nothing else wants (`BackgroundPriority.idleCurrentThread`): on a machine kept busy by ingest,
/// requests get the cores first and the jobs take what is left, catching up when the burst ends.
final class BackgroundWorkThread: @unchecked Sendable {
    /// How the thread is scheduled.
    enum Scheduling: Sendable {
        case normal
        case idle
    }

    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0
    private var stopping = false

    init(name: String, scheduling: Scheduling) {
        let thread = Thread { [self] in
            if scheduling == .idle { BackgroundPriority.idleCurrentThread() }
            run()
        }
        thread.name = name
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Queues `job`; it runs after every job queued before it.
    func async(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread end once the jobs already queued have run.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while head == jobs.count && !stopping { condition.wait() }
            if head == jobs.count {
                condition.unlock()
                return
            }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            condition.unlock()
            job()
        }
    }
}
