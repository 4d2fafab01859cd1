import PumpwatchCore
import PumpwatchSources

/// Reads recorded traffic into replay records in event-time order.
///
/// Files and folders of any supported format are read; equal times keep their input order.
///
/// Event Streams report one message several times (`sent`, then `delivered`); only its first
/// event counts as a send. The records are held in memory to be sorted: about 200 bytes each.
public struct ReplayInput: Sendable {
    public private(set) var records: [ReplayRecord]
    /// Records read per input format.
    public private(set) var formats: [String: Int]
    /// Events that were neither sends nor verifications.
    public private(set) var skipped: Int

    public init(records: [ReplayRecord]) {
        var sorted = records
        for i in sorted.indices where sorted[i].sequence == 0 { sorted[i].sequence = i }
        sorted.sort { $0.time != $1.time ? $0.time < $1.time : $0.sequence < $1.sequence }
        self.records = sorted
        formats = [:]
        skipped = 0
    }

    /// Reads every file under `paths`.
    ///
    /// Malformed records go to `onMalformed`. Throws what `SourceReader` throws in strict mode.
    public static func read(paths: [String], strict: Bool = false, onMalformed: (MalformedRecord) -> Void) throws -> ReplayInput {
        var options = ReadOptions()
        options.strict = strict
        options.formats = [.ndjson, .twilioMessages, .twilioEvents, .snsDelivery]
        options.showsProgress = false
        let reader = SourceReader(options: options)
        var records: [ReplayRecord] = []
        var formats: [String: Int] = [:]
        var skipped = 0
        var seenMessages = RecentKeys(capacity: 500_000)
        _ = try reader.read(paths: paths, onEvent: { event in
            guard var r = ReplayRecord.from(event) else {
                skipped += 1
                return
            }
            if event.format == .twilioEvents, case .check(let c) = r.kind, let sid = c.id, sid.hasPrefix("SM") || sid.hasPrefix("MM") {
                guard seenMessages.insert(sid) else { return }
            }
            r.sequence = records.count + 1
            records.append(r)
            formats[event.format.rawValue, default: 0] += 1
        }, onMalformed: onMalformed)
        var input = ReplayInput(records: records)
        input.formats = formats
        input.skipped = skipped
        return input
    }
}

/// Recently seen keys, forgetting the oldest beyond a capacity (two generations of sets).
struct RecentKeys {
    private var young = Set<String>()
    private var old = Set<String>()
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(2, capacity)
    }

    /// True when `key` was not seen recently (and remembers it).
    mutating func insert(_ key: String) -> Bool {
        if young.contains(key) || old.contains(key) { return false }
        if young.count >= capacity / 2 {
            old = young
            young = []
        }
        young.insert(key)
        return true
    }
}
