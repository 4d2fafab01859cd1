import PumpwatchCore

/// The lines of app OTP traffic, held until they can be written in time order.
///
/// Check requests (`/v1/check` bodies plus `time`, and a ground-truth `label`) and verifications
/// (`{"type": "verified", "id" or "to", "time"}`) in the replay format.
struct OTPLineQueue {
    /// A binary min-heap of (time, sequence, line).
    private var heap: [(time: Int64, sequence: Int, line: String)] = []
    private var sequence = 0

    var isEmpty: Bool { heap.isEmpty }

    /// A check request.
    mutating func check(at t: Int64, to: String, ip: String?, user: String?, session: String?, purpose: String, channel: String = "sms", id: String, label: String) {
        var m: [(String, Value)] = [("time", .string(Timestamp.iso8601(millis: t))), ("to", .string(to))]
        if let ip { m.append(("ip", .string(ip))) }
        if let user { m.append(("user", .string(user))) }
        if let session { m.append(("session", .string(session))) }
        m.append(("purpose", .string(purpose)))
        m.append(("channel", .string(channel)))
        m.append(("id", .string(id)))
        m.append(("label", .string(label)))
        push(t, JSONWriter.object(m))
    }

    /// A verification of request `id`, or of the latest code to `to` when `byNumber`.
    mutating func verified(at t: Int64, id: String, to: String, byNumber: Bool) {
        let m: [(String, Value)] = [
            ("type", .string("verified")), byNumber ? ("to", .string(to)) : ("id", .string(id)), ("time", .string(Timestamp.iso8601(millis: t))),
        ]
        push(t, JSONWriter.object(m))
    }

    private mutating func push(_ t: Int64, _ line: String) {
        sequence += 1
        heap.append((t, sequence, line))
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard OTPLineQueue.less(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    private static func less(_ a: (time: Int64, sequence: Int, line: String), _ b: (time: Int64, sequence: Int, line: String)) -> Bool {
        a.time != b.time ? a.time < b.time : a.sequence < b.sequence
    }

    /// Removes and returns the earliest line and its time if it is before `limit`.
    mutating func pop(before limit: Int64) -> (Int64, String)? {
        guard let first = heap.first, first.time < limit else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count, OTPLineQueue.less(heap[l], heap[m]) { m = l }
                if r < heap.count, OTPLineQueue.less(heap[r], heap[m]) { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
        return (first.time, first.line)
    }
}
