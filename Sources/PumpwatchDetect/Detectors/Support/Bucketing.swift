/// Fixed-width time buckets: bucket `i` of width `w` covers `[i × w, (i + 1) × w)` in epoch milliseconds.
enum Bucketing {
    static func index(_ millis: Int64, width: Int64) -> Int64 {
        millis >= 0 ? millis / width : (millis - width + 1) / width
    }

    static func start(_ index: Int64, width: Int64) -> Int64 { index * width }

    static func midpoint(_ index: Int64, width: Int64) -> Int64 { index * width + width / 2 }

    static let hour: Int64 = 3_600_000
    static let day: Int64 = 86_400_000
}
