import PumpwatchCore

/// Finds texts to many numbers of one numeric block, or to runs of consecutive numbers
/// (`sequential-block`): the shape of a carrier range leased to a pumping operator.
///
/// A block is a number without its last `block_digits` digits (`+232761234xx` for 2). Within
/// `window` (two adjacent buckets of half the window, so a campaign crossing a bucket edge still
/// counts), a block fires with `min_distinct` or more distinct numbers, or a run of `min_run` or
/// more consecutive numbers. The finding names the block, the distinct count, the
/// longest run, sample numbers, the logs, the callers and the cost.
///
/// Parameters: `block_digits` (2; 2–4), `min_distinct` (5), `min_run` (4), `window` (1h),
/// `max_samples` (10), `dedupe_capacity` (200000), `max_tracked` (2000000).
public final class SequentialBlockDetector: Detector {
    public static let name = "sequential-block"

    private let rule: Rule
    private let blockDigits: Int
    private let minDistinct: Int
    private let minRun: Int
    private let window: Int64
    private let maxSamples: Int
    private let maxTracked: Int
    private var intake: MessageIntake
    private let files: SourceFiles
    private var clock: DetectionClock
    private var cells: [Cell: Entry] = [:]
    private var details = DetailTable<NumberBlock, Detail>()
    private var pruned = 0

    private struct Cell: Hashable {
        var block: NumberBlock
        var bucket: Int64
    }

    private struct Entry {
        /// The positions in the block seen in this bucket, sorted, without repeats.
        var indices: [UInt16]
        var tally: MessageTally
        var first: Int64
        var last: Int64
        var files: FileRefs
    }

    private struct Detail {
        var callers = BoundedSamples<String>(limit: 5)
        var addresses = BoundedSamples<String>(limit: 5)
    }

    public init(rule: Rule, context: DetectionContext) throws(RuleError) {
        self.rule = rule
        files = SourceFiles()
        let p = rule.parameters
        blockDigits = try p.int("block_digits", default: 2)
        minDistinct = try p.int("min_distinct", default: 5)
        minRun = try p.int("min_run", default: 4)
        window = try p.duration("window", default: 3_600_000)
        maxSamples = try p.int("max_samples", default: 10)
        maxTracked = try p.int("max_tracked", default: 2_000_000)
        let capacity = try p.int(MessageIntake.capacityParameter, default: MessageIntake.defaultCapacity)
        guard (2...4).contains(blockDigits) else { throw RuleError(key: "block_digits", reason: "must be 2, 3 or 4, found \(blockDigits)") }
        guard minDistinct >= 2 else { throw RuleError(key: "min_distinct", reason: "must be at least 2, found \(minDistinct)") }
        guard minRun >= 2 else { throw RuleError(key: "min_run", reason: "must be at least 2, found \(minRun)") }
        guard window >= 1000 else { throw RuleError(key: "window", reason: "must be at least 1s") }
        guard maxSamples >= 1 else { throw RuleError(key: "max_samples", reason: "must be at least 1") }
        guard capacity >= 1, maxTracked >= 1000 else {
            throw RuleError(key: capacity < 1 ? MessageIntake.capacityParameter : "max_tracked", reason: "is too small")
        }
        intake = MessageIntake(capacity: capacity)
        clock = DetectionClock(context: context)
    }

    /// A detector with `other`'s configuration and a copy of its state.
    private init(copying other: SequentialBlockDetector) {
        rule = other.rule
        blockDigits = other.blockDigits
        minDistinct = other.minDistinct
        minRun = other.minRun
        window = other.window
        maxSamples = other.maxSamples
        maxTracked = other.maxTracked
        intake = other.intake
        files = other.files.copy()
        clock = other.clock
        cells = other.cells
        details = other.details
        pruned = other.pruned
    }

    public func copy() -> SequentialBlockDetector {
        SequentialBlockDetector(copying: self)
    }

    public var formats: Set<SourceFormat> { MessageIntake.formats }
    public var fields: FieldProjection { FieldProjection(names: OutboundMessage.fields) }

    private var bucketWidth: Int64 { max(1, window / 2) }

    private static func add(_ i: UInt16, time: Int64, tally: MessageTally, file: Int32, to e: inout Entry) {
        e.tally += tally
        e.first = min(e.first, time)
        e.last = max(e.last, time)
        e.files.insert(file)
        e.indices.insertSorted(i)
    }

    public func observe(_ observed: ObservedEvent) {
        let event = observed.event
        guard let m = intake.accept(observed), let number = m.destination, clock.isWithinEnd(m.time) else { return }
        let block = number.block(trailingDigits: blockDigits)
        guard let index = block.index(of: number) else { return }
        let cell = Cell(block: block, bucket: Bucketing.index(m.time, width: bucketWidth))
        let file = files.id(event.origin.file)
        let tally = MessageTally(view: m.view, price: m.price)
        var hot = false
        // In place: a copy of the entry would copy its indices on every insert.
        if let c = cells.index(forKey: cell) {
            Self.add(UInt16(index), time: m.time, tally: tally, file: file, to: &cells.values[c])
            hot = cells.values[c].indices.count >= 2
        } else {
            if cells.count >= maxTracked { prune() }
            cells[cell] = Entry(indices: [UInt16(index)], tally: tally, first: m.time, last: m.time, files: FileRefs(file))
        }
        details.update(block, hot: hot, make: Detail.init) { d in
            if let v = m.callerARN { d.callers.insert(v) }
            if let v = m.sourceIP { d.addresses.insert(v) }
        }
    }

    private func prune() {
        let before = cells.count
        cells = cells.filter { $0.value.indices.count > 1 }
        if cells.count >= maxTracked {
            let cut = Statistics.median(cells.keys.map { Double($0.bucket) })
            cells = cells.filter { Double($0.key.bucket) >= cut }
        }
        pruned += before - cells.count
    }

    /// The longest run of consecutive values in a sorted list without repeats, and where it starts.
    static func longestRun(_ sorted: [UInt16]) -> (length: Int, start: UInt16) {
        guard var start = sorted.first else { return (0, 0) }
        var best = (length: 1, start: start)
        var length = 1
        for i in sorted.indices.dropFirst() {
            if sorted[i] == sorted[i - 1] + 1 {
                length += 1
            } else {
                length = 1
                start = sorted[i]
            }
            if length > best.length { best = (length, start) }
        }
        return best
    }

    private static func union(_ a: [UInt16], _ b: [UInt16]) -> [UInt16] {
        var out: [UInt16] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i] < b[j]) {
                out.append(a[i]); i += 1
            } else if i == a.count || b[j] < a[i] {
                out.append(b[j]); j += 1
            } else {
                out.append(a[i]); i += 1; j += 1
            }
        }
        return out
    }

    public func finish() -> [Finding] {
        let least = min(minDistinct, minRun)
        var byBlock: [NumberBlock: [(Int64, Entry)]] = [:]
        var candidates = Set<NumberBlock>()
        // A window of two buckets reaching `least` numbers has a bucket with at least half of them.
        for (cell, e) in cells where e.indices.count * 2 >= least { candidates.insert(cell.block) }
        for (cell, e) in cells where candidates.contains(cell.block) { byBlock[cell.block, default: []].append((cell.bucket, e)) }

        var findings: [Finding] = []
        for (block, list) in byBlock {
            let sorted = list.sorted { $0.0 < $1.0 }
            var numbers: [UInt16] = []
            var tally = MessageTally.zero
            var first = Int64.max, last = Int64.min
            var refs: [FileRefs] = []
            var used = Set<Int64>()
            var peakDistinct = 0
            var peakRun = (length: 0, start: UInt16(0))
            var peakFirst: Int64 = 0, peakLast: Int64 = 0
            for (i, (bucket, entry)) in sorted.enumerated() {
                var members = [(bucket, entry)]
                var indices = entry.indices
                if i + 1 < sorted.count, sorted[i + 1].0 == bucket + 1 {
                    members.append(sorted[i + 1])
                    indices = Self.union(indices, sorted[i + 1].1.indices)
                }
                let run = Self.longestRun(indices)
                guard indices.count >= minDistinct || run.length >= minRun else { continue }
                if indices.count > peakDistinct || (indices.count == peakDistinct && run.length > peakRun.length) {
                    peakDistinct = indices.count
                    peakRun = run
                    peakFirst = members.map(\.1.first).min()!
                    peakLast = members.map(\.1.last).max()!
                }
                for (b, e) in members where used.insert(b).inserted {
                    numbers = Self.union(numbers, e.indices)
                    tally += e.tally
                    first = min(first, e.first)
                    last = max(last, e.last)
                    refs.append(e.files)
                }
            }
            guard peakDistinct > 0 else { continue }
            let overallRun = Self.longestRun(numbers)
            let samples = Self.samples(numbers, limit: maxSamples).compactMap { block.number(at: Int($0))?.e164 }
            let anyNumber = block.number(at: Int(numbers[0]))!
            let country = CallingCodes.standard.country(of: anyNumber) ?? "unknown"
            let risky = HighRiskPrefixes.standard.match(anyNumber)
            let detail = details[block] ?? Detail()
            var evidence: [(String, Value)] = [
                ("block", .string(block.description)),
                ("distinct_numbers", .int(Int64(numbers.count))),
                ("longest_run", .int(Int64(overallRun.length))),
                ("run_from", .string(block.number(at: Int(overallRun.start))?.e164 ?? "")),
                ("run_to", .string(block.number(at: Int(overallRun.start) + overallRun.length - 1)?.e164 ?? "")),
                ("peak_distinct_in_window", .int(Int64(peakDistinct))),
                ("peak_first", .date(peakFirst)),
                ("peak_last", .date(peakLast)),
                ("messages", .int(Int64(tally.total))),
                ("min_distinct", .int(Int64(minDistinct))),
                ("min_run", .int(Int64(minRun))),
                ("window", .string(EvidenceText.duration(window))),
                ("sample_numbers", EvidenceText.list(samples)),
                ("logs", EvidenceText.list(tally.views)),
            ]
            if tally.cost > 0 { evidence.append(("cost_usd", .double(Statistics.rounded(tally.cost)))) }
            if !detail.callers.values.isEmpty { evidence.append(("callers", EvidenceText.list(detail.callers.values))) }
            if !detail.addresses.values.isEmpty { evidence.append(("source_ips", EvidenceText.list(detail.addresses.values))) }
            if let risky { evidence.append(("high_risk_prefix", .string(EvidenceText.prefix(risky)))) }
            if pruned > 0 { evidence.append(("counters_dropped", .int(Int64(pruned)))) }

            var severity = rule.severity
            if risky != nil || numbers.count >= minDistinct * 4 { severity = severity.raised() }
            var summary = "\(numbers.count) distinct numbers in block \(block) (\(country)), longest consecutive run \(overallRun.length), \(tally.total) texts"
            if tally.cost > 0 { summary += " costing \(EvidenceText.money(tally.cost))" }
            summary += " between \(Timestamp.iso8601(millis: first)) and \(Timestamp.iso8601(millis: last))"
            if !detail.callers.values.isEmpty { summary += "; caller \(detail.callers.values.joined(separator: ", "))" }
            findings.append(rule.finding(
                severity: severity, firstSeen: first, lastSeen: last, count: tally.total,
                entities: [("block", .string(block.description)), ("country", .string(country))],
                evidence: evidence, sources: files.paths(merging: refs), summary: summary))
        }
        return findings.sorted { ($0.firstSeen ?? 0, $0.summary) < ($1.firstSeen ?? 0, $1.summary) }
    }

    /// Up to `limit` values spread over the list: the first ones and the last.
    private static func samples(_ values: [UInt16], limit: Int) -> [UInt16] {
        guard values.count > limit else { return values }
        return Array(values.prefix(limit - 1)) + [values.last!]
    }
}
