import PumpwatchCore
import PumpwatchSources

/// Counts, for each finding, the events behind it per time bucket, for the report's charts.
///
/// A second, narrow pass over the input: it reads only the findings' entity fields and
/// `@timestamp`, and counts an event for a finding when it lies in the finding's time range and
/// carries every entity value the finding names (entities the event lacks are ignored, but at
/// least one must match). State is findings × buckets.
public enum TimelineBuilder {
    /// The most buckets a finding's timeline has.
    public static let maxBuckets = 60

    public static func build(findings: [Finding], paths: [String], key: (Finding) -> String) throws -> [String: [(Int64, Int)]] {
        struct Track {
            var key: String
            var entities: [(String, String)]
            var first: Int64
            var last: Int64
            var bucket: Int64
            var counts: [Int64: Int] = [:]
        }
        var tracks: [Track] = []
        var fields = Set<String>(["@timestamp"])
        for f in findings {
            guard let first = f.firstSeen, let last = f.lastSeen else { continue }
            let entities = f.entities.compactMap { name, value in value.stringValue.map { (name, $0) } }
            guard !entities.isEmpty else { continue }
            fields.formUnion(entities.map(\.0))
            tracks.append(Track(key: key(f), entities: entities, first: first, last: last, bucket: bucketSize(span: last - first)))
        }
        guard !tracks.isEmpty else { return [:] }
        var options = ReadOptions()
        options.projection = FieldProjection(names: fields)
        options.showsProgress = false
        _ = try SourceReader(options: options).read(paths: paths, onEvent: { event in
            guard let t = event.timestampMillis else { return }
            for i in tracks.indices where t >= tracks[i].first && t <= tracks[i].last {
                var matched = 0
                var mismatch = false
                for (name, value) in tracks[i].entities {
                    guard let v = event.fields[name] else { continue }
                    if v.stringValue == value { matched += 1 } else { mismatch = true; break }
                }
                if mismatch || matched == 0 { continue }
                let b = (t - tracks[i].first) / tracks[i].bucket * tracks[i].bucket + tracks[i].first
                tracks[i].counts[b, default: 0] += 1
            }
        }, onMalformed: { _ in })
        var out: [String: [(Int64, Int)]] = [:]
        for t in tracks where !t.counts.isEmpty {
            out[t.key] = t.counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        return out
    }

    /// A round bucket width that gives at most `maxBuckets` buckets over `span` milliseconds.
    static func bucketSize(span: Int64) -> Int64 {
        let steps: [Int64] = [1000, 5000, 10_000, 30_000, 60_000, 300_000, 600_000, 1_800_000, 3_600_000, 6 * 3_600_000, 86_400_000]
        for s in steps where span / s < Int64(maxBuckets) { return s }
        return 86_400_000
    }
}
