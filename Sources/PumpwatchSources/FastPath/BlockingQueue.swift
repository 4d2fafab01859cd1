import Foundation

/// A first-in first-out queue of bounded size shared by threads: `put` waits while it is full,
/// `take` waits while it is empty. After `close()`, `put` refuses new items and `take` drains what
/// is left, then returns nil.
final class BlockingQueue<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false

    init(capacity: Int) {
        items = Array(repeating: nil, count: max(1, capacity))
    }

    /// Adds `item`, waiting for room; false when the queue was closed.
    @discardableResult
    func put(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while count == items.count && !closed { condition.wait() }
        if closed { return false }
        items[(head + count) % items.count] = item
        count += 1
        condition.broadcast()
        return true
    }

    /// The next item, waiting for one; nil once the queue is closed and empty.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while count == 0 && !closed { condition.wait() }
        if count == 0 { return nil }
        let item = items[head]
        items[head] = nil
        head = (head + 1) % items.count
        count -= 1
        condition.broadcast()
        return item
    }

    /// Stops the queue: waiting and later `put`s return false, `take` drains then returns nil.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
