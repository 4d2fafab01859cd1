import PumpwatchDetect

/// Which recorded sends were later verified.
///
/// A send counts as legitimate when its number verified a code within `window` after it (by the
/// send's own id, or by number), so a user's earlier resends count along with the code they finally
/// typed.
struct VerificationIndex {
    /// Verification times by number (E.164 digits as a number), sorted.
    private var times: [UInt64: [Int64]] = [:]
    let window: Int64

    init(_ records: [ReplayRecord], window: Int64) {
        self.window = window
        var numberByID: [String: UInt64] = [:]
        for r in records {
            switch r.kind {
            case .check(let c):
                if let id = c.id, let n = PhoneNumber(c.to) { numberByID[id] = n.value }
            case .verified(let id, let to):
                let number = id.flatMap { numberByID[$0] } ?? to.flatMap { PhoneNumber($0)?.value }
                if let number { times[number, default: []].append(r.time) }
            }
        }
        for k in times.keys { times[k]!.sort() }
    }

    /// True when the number of a send at `time` verified within the window after it.
    func isVerified(number: UInt64, sentAt time: Int64) -> Bool {
        guard let list = times[number] else { return false }
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid] < time { lo = mid + 1 } else { hi = mid }
        }
        return lo < list.count && list[lo] - time <= window
    }

    /// How many verifications were matched to a number.
    var count: Int { times.values.reduce(0) { $0 + $1.count } }
}
