/// How `simulate` writes CloudTrail.
public enum CloudTrailOutputFormat: String, Sendable, CaseIterable {
    /// Gzip `{"Records":[...]}` files in the trail's S3 folder layout.
    case jsonGzip = "json-gz"
    /// One record per line, one file per day (benchmarks, CloudTrail Lake style exports).
    case ndjson
}
