import Foundation

/// Reads another byte stream on a thread of its own, a few chunks ahead, so that producing the
/// bytes (inflating gzip) and consuming them (splitting and scanning records) use two cores.
///
/// Chunks, the end of the stream and errors arrive in their original order; at most `capacity`
/// chunks wait in between, so memory stays bounded. Progress is reported on the reading thread,
/// from the source byte counts the producing thread attaches to each chunk.
final class ThreadedByteStream: ByteStream {
    private enum Item {
        case chunk([UInt8], sourceBytes: Int64)
        case failure(InputError)
        case end
    }

    private let queue: BlockingQueue<Item>
    private var failure: InputError?
    private var ended = false
    private var reportedBytes: Int64 = 0
    private let onProgress: ((Int) -> Void)?

    /// Starts reading `source` on a new thread. `sourceBytes` (called on that thread) tells how far
    /// the underlying file has been read; `onProgress` receives the growth of that count.
    init(source: ByteStream, capacity: Int = 4, startingAt alreadyReported: Int64 = 0, sourceBytes: (() -> Int64)? = nil, onProgress: ((Int) -> Void)? = nil) {
        let queue = BlockingQueue<Item>(capacity: capacity)
        self.queue = queue
        self.onProgress = onProgress
        self.reportedBytes = alreadyReported
        let producer = Producer(source: source, queue: queue, sourceBytes: sourceBytes)
        let thread = Thread { producer.run() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit {
        queue.close()
    }

    /// The producing side: owned by the producing thread once started.
    private final class Producer: @unchecked Sendable {
        let source: ByteStream
        let queue: BlockingQueue<Item>
        let sourceBytes: (() -> Int64)?

        init(source: ByteStream, queue: BlockingQueue<Item>, sourceBytes: (() -> Int64)?) {
            self.source = source
            self.queue = queue
            self.sourceBytes = sourceBytes
        }

        /// Reads the source to its end (or until the queue closes), queueing what it gives.
        func run() {
            while true {
                let chunk: [UInt8]?
                do {
                    chunk = try source.read()
                } catch {
                    queue.put(.failure(error))
                    return
                }
                guard let chunk else {
                    queue.put(.end)
                    return
                }
                if !queue.put(.chunk(chunk, sourceBytes: sourceBytes?() ?? 0)) { return }
            }
        }
    }

    func read() throws(InputError) -> [UInt8]? {
        if let failure { throw failure }
        if ended { return nil }
        switch queue.take() {
        case .chunk(let bytes, let sourceBytes)?:
            if let onProgress, sourceBytes > reportedBytes {
                onProgress(Int(sourceBytes - reportedBytes))
                reportedBytes = sourceBytes
            }
            return bytes
        case .failure(let error)?:
            failure = error
            throw error
        case .end?, nil:
            ended = true
            return nil
        }
    }
}
