import Foundation
import PumpwatchCore

/// Reads files and folders as `SourceReader` does, on a thread of its own, while the caller's
/// thread handles the events: reading and parsing overlap with whatever the caller does with them.
///
/// The caller gets exactly what `SourceReader.read` would pass it, in the same order: the same
/// events with their true lines, the malformed records between them, the same summaries, and the
/// same error (strict mode included) after the events that came before it. Events cross between
/// the threads in batches through a queue of bounded size, so memory stays bounded however large
/// the input is; the reader waits while the caller is behind.
public final class PipelinedSourceReader {
    public let options: ReadOptions
    /// Events per batch handed to the caller's thread.
    public var batchSize = 256
    /// Batches waiting for the caller at most. Events in flight are a large part of a hunt's peak
    /// memory (a few KB each), so the queue only absorbs jitter: 4 × 256 events.
    public var queuedBatches = 4

    public init(options: ReadOptions) {
        self.options = options
    }

    /// What the reading thread hands over, in input order.
    private enum Item {
        case events([Event])
        case malformed(MalformedRecord)
        case finished([FileSummary])
        case failed(any Error)
    }

    /// Thrown inside the reading thread when the caller stopped taking events.
    private struct Stopped: Error {}

    /// Reads every file under `paths`, calling `onEvent` and `onMalformed` on this thread in input order.
    public func read(
        paths: [String], onEvent: (Event) throws -> Void, onMalformed: (MalformedRecord) -> Void
    ) throws -> [FileSummary] {
        let queue = BlockingQueue<UncheckedTransfer<Item>>(capacity: queuedBatches)
        let reader = UncheckedTransfer(SourceReader(options: options))
        let batchSize = max(1, self.batchSize)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            var batch: [Event] = []
            batch.reserveCapacity(batchSize)
            var stopped = false
            // Hands `item` over; false (and `stopped`) once the caller has gone.
            func hand(_ item: Item) -> Bool {
                if !stopped && !queue.put(UncheckedTransfer(item)) { stopped = true }
                return !stopped
            }
            func flush() -> Bool {
                guard !batch.isEmpty else { return !stopped }
                let full = batch
                batch = []
                batch.reserveCapacity(batchSize)
                return hand(.events(full))
            }
            do {
                let summaries = try reader.value.read(
                    paths: paths,
                    onEvent: { event in
                        if stopped { throw Stopped() }
                        batch.append(event)
                        if batch.count >= batchSize, !flush() { throw Stopped() }
                    },
                    onMalformed: { record in
                        if flush() { _ = hand(.malformed(record)) }
                    })
                if flush() { _ = hand(.finished(summaries)) }
            } catch is Stopped {
                // The caller has gone; nothing is waiting for the rest.
            } catch {
                if flush() { _ = hand(.failed(error)) }
            }
            queue.close()
        }
        thread.stackSize = 8 << 20
        thread.start()
        defer {
            // Whatever happens on this side, the reading thread stops and is gone before we return.
            queue.close()
            done.wait()
        }
        while let item = queue.take() {
            switch item.value {
            case .events(let events):
                for event in events { try onEvent(event) }
            case .malformed(let record):
                onMalformed(record)
            case .finished(let summaries):
                return summaries
            case .failed(let error):
                throw error
            }
        }
        // The reading thread always ends with `finished` or `failed` unless the caller stopped it.
        return []
    }
}
