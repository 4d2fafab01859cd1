/// Refuses JSON nested deeper than ingest allows, before anything parses it.
///
/// Real log records nest a few levels (a CloudTrail record with its request parameters stays
/// well under 20), so a low limit costs nothing and keeps hostile input cheap to refuse.
enum JSONNesting {
    /// The deepest nesting of arrays and objects accepted.
    static let limit = 64

    /// Throws when `bytes` hold arrays or objects nested deeper than `limit`; strings are skipped.
    static func check(_ bytes: [UInt8], limit: Int = JSONNesting.limit) throws(IngestError) {
        var depth = 0
        var inString = false
        var escaped = false
        for c in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if c == 0x5C {
                    escaped = true
                } else if c == 0x22 {
                    inString = false
                }
                continue
            }
            switch c {
            case 0x22: inString = true
            case 0x7B, 0x5B:
                depth += 1
                if depth > limit { throw .malformed("JSON nested deeper than \(limit) levels") }
            case 0x7D, 0x5D: depth -= 1
            default: break
            }
        }
    }
}
