import PumpwatchCore

/// Writes events as JSON objects, either with dotted field names re-nested (an ECS document) or flat.
///
/// `{"event.action": "Publish", "event.provider": "sns.amazonaws.com"}` nests as
/// `{"event": {"action": "Publish", "provider": "sns.amazonaws.com"}}`. `@timestamp` comes first,
/// as an ISO 8601 string; the other names follow sorted segment by segment, so output is
/// deterministic. When a name holds a value and also has sub-fields (`a` and `a.b`), the value
/// stays under `a` and the sub-fields keep their dotted names beside it, so nothing is lost.
/// The encoder writes UTF-8 bytes directly, as `normalize` prints millions of events.
public enum EventJSONEncoder {
    /// The event as one line of JSON (no line end).
    public static func encode(_ event: Event, nested: Bool = true) -> String {
        var out: [UInt8] = []
        append(event, nested: nested, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the event as one line of JSON (no line end) to `out`.
    public static func append(_ event: Event, nested: Bool = true, to out: inout [UInt8]) {
        // All names in one byte buffer, addressed by spans, so sorting and nesting copy nothing.
        var keyBytes: [UInt8] = []
        var spans: [Span] = []
        var values: [Value] = []
        spans.reserveCapacity(event.fields.count)
        values.reserveCapacity(event.fields.count)
        var stamp: Value?
        for (key, value) in event.fields {
            if key == "@timestamp" { stamp = value; continue }
            let start = keyBytes.count
            keyBytes.append(contentsOf: key.utf8)
            spans.append(Span(start: start, end: keyBytes.count, cursor: start, value: values.count))
            values.append(value)
        }
        out.append(UInt8(ascii: "{"))
        var first = true
        if let stamp {
            member(Array("@timestamp".utf8)[...], &first, &out)
            if let ms = event.timestampMillis {
                appendString(Array(Timestamp.iso8601(millis: ms).utf8)[...], to: &out)
            } else {
                appendValue(stamp, to: &out)
            }
        }
        keyBytes.withUnsafeBufferPointer { keys in
            spans.sort { a, b in Span.precedes(a, b, in: keys) }
            if nested {
                spans.withUnsafeMutableBufferPointer { spans in
                    appendNested(spans, 0..<spans.count, keys: keys, values: values, first: &first, to: &out)
                }
            } else {
                for span in spans {
                    member(keys[span.start..<span.end], &first, &out)
                    appendValue(values[span.value], to: &out)
                }
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Where one field name lies in the name buffer, how much of it is written, and its value.
    private struct Span {
        var start: Int
        var end: Int
        /// The start of the segments not yet written as enclosing objects.
        var cursor: Int
        var value: Int

        /// Orders names segment by segment (a dot sorts before every other byte), so that names
        /// sharing a first segment are adjacent.
        static func precedes(_ a: Span, _ b: Span, in keys: UnsafeBufferPointer<UInt8>) -> Bool {
            let n = min(a.end - a.start, b.end - b.start)
            var i = 0
            while i < n {
                let ca = keys[a.start + i]
                let cb = keys[b.start + i]
                if ca != cb {
                    if ca == 0x2E { return true }
                    if cb == 0x2E { return false }
                    return ca < cb
                }
                i += 1
            }
            return a.end - a.start < b.end - b.start
        }

        /// The end of the segment that starts at `cursor`.
        func segmentEnd(in keys: UnsafeBufferPointer<UInt8>) -> Int {
            var e = cursor
            while e < end, keys[e] != 0x2E { e += 1 }
            return e
        }
    }

    /// Writes the members for `spans[range]` (sorted, all sharing the segments before their cursors).
    private static func appendNested(
        _ spans: UnsafeMutableBufferPointer<Span>, _ range: Range<Int>, keys: UnsafeBufferPointer<UInt8>, values: [Value],
        first: inout Bool, to out: inout [UInt8]
    ) {
        var i = range.lowerBound
        while i < range.upperBound {
            let head = spans[i]
            let headEnd = head.segmentEnd(in: keys)
            let segment = keys[head.cursor..<headEnd]
            var j = i
            var leaf: Int?
            while j < range.upperBound {
                let s = spans[j]
                let e = s.segmentEnd(in: keys)
                guard e - s.cursor == segment.count, keys[s.cursor..<e].elementsEqual(segment) else { break }
                if e == s.end { leaf = j }
                j += 1
            }
            member(segment, &first, &out)
            if let leaf {
                appendValue(values[spans[leaf].value], to: &out)
                // Sub-fields of a name that has a value of its own keep their dotted names.
                for k in i..<j where k != leaf {
                    member(keys[spans[k].cursor..<spans[k].end], &first, &out)
                    appendValue(values[spans[k].value], to: &out)
                }
            } else {
                out.append(UInt8(ascii: "{"))
                var innerFirst = true
                for k in i..<j { spans[k].cursor = spans[k].segmentEnd(in: keys) + 1 }
                appendNested(spans, i..<j, keys: keys, values: values, first: &innerFirst, to: &out)
                out.append(UInt8(ascii: "}"))
            }
            i = j
        }
    }

    private static func member<C: Collection<UInt8>>(_ key: C, _ first: inout Bool, _ out: inout [UInt8]) {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        appendString(key, to: &out)
        out.append(UInt8(ascii: ":"))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends UTF-8 text as a JSON string, escaped as `JSONWriter` does.
    private static func appendString<C: Collection<UInt8>>(_ bytes: C, to out: inout [UInt8]) {
        out.append(0x22)
        for c in bytes {
            switch c {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            case 0..<0x20:
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(c >> 4)], hexDigits[Int(c & 15)]])
            default: out.append(c)
            }
        }
        out.append(0x22)
    }

    private static func appendValue(_ v: Value, to out: inout [UInt8]) {
        switch v {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)
        case .double(let d): out.append(contentsOf: (d.isFinite ? Value.format(double: d) : "null").utf8)
        case .string(let s):
            var s = s
            s.withUTF8 { appendString($0, to: &out) }
        case .date(let ms): appendString(Array(Timestamp.iso8601(millis: ms).utf8)[...], to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendValue(item, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
    }
}
