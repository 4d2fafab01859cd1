import PumpwatchCore

/// Cuts a JSON byte stream into records without parsing the whole document.
///
/// Depending on its layout it yields each element of a top-level array, each element of the
/// array under a named top-level key (`{"Records": [...]}`, which can be tens of MB), or each of
/// several top-level documents written back to back with no separator (Firehose output). The
/// structure around the records is checked as it streams past; other members of a wrapper object
/// are skipped without being kept. Several wrapper documents or arrays in a row are read in turn.
///
/// Each record carries the line it starts on and its 1-based index. A record longer than
/// `maxRecordBytes` is skipped and reported; a record or document cut off at the end of the input
/// is reported, after the complete records before it.
public final class JSONRecordSplitter: RecordSplitter {
    private enum State {
        case beforeDocument
        case objectKeyOrEnd(first: Bool)
        case objectColon
        case objectValue
        case objectCommaOrEnd
        case arrayElementOrEnd(first: Bool)
        case arrayCommaOrEnd
        case finished
    }

    private enum ScanOutcome {
        case complete([UInt8]?)
        case tooLarge
        case cutOff
    }

    private let source: ByteStream
    private let layout: RecordLayout
    private let maxRecordBytes: Int
    private var buffer: [UInt8] = []
    private var pos = 0
    /// Start of the bytes being captured, kept across refills.
    private var keepFrom: Int?
    private var ended = false
    private var line = 1
    private var recordCount = 0
    private var state = State.beforeDocument
    private var currentKey: String?
    private var foundKey = false
    private var documentLine = 1
    private var atStreamStart = true

    /// A splitter for `layout`; `.lines` is read as `.documents` (one document per line is a special case).
    public init(source: ByteStream, layout: RecordLayout, maxRecordBytes: Int = 16 << 20) {
        self.source = source
        self.layout = layout
        self.maxRecordBytes = max(1, maxRecordBytes)
    }

    public var currentLine: Int { line }

    private var targetKey: String? {
        if case .arrayUnderKey(let k) = layout { return k }
        return nil
    }

    public func next() throws(InputError) -> SplitItem? {
        while true {
            switch state {
            case .finished:
                return nil

            case .beforeDocument:
                try skipSpace()
                guard let c = try peek() else {
                    state = .finished
                    return nil
                }
                documentLine = line
                switch layout {
                case .documents, .lines:
                    guard c == UInt8(ascii: "{") || c == UInt8(ascii: "[") else {
                        return stop("expected a JSON document, found \(describe(c))")
                    }
                    return try element()
                case .array:
                    guard c == UInt8(ascii: "[") else { return stop("expected '[' to open a JSON array, found \(describe(c))") }
                    pos += 1
                    state = .arrayElementOrEnd(first: true)
                case .arrayUnderKey(let key):
                    guard c == UInt8(ascii: "{") else {
                        return stop("expected '{' to open a document holding \"\(key)\", found \(describe(c))")
                    }
                    pos += 1
                    foundKey = false
                    state = .objectKeyOrEnd(first: true)
                }

            case .objectKeyOrEnd(let first):
                try skipSpace()
                guard let c = try peek() else { return cutOffDocument() }
                if c == UInt8(ascii: "}") && first {
                    pos += 1
                    if let failure = endDocument() { return failure }
                    continue
                }
                guard c == UInt8(ascii: "\"") else { return stop("expected a member name, found \(describe(c))") }
                let keyLine = line
                guard case .complete(let bytes?) = try scanValue(capture: true) else {
                    return stop("unreadable member name", at: keyLine)
                }
                guard case .string(let key)? = try? JSONParser.parse(bytes) else {
                    return stop("invalid member name", at: keyLine)
                }
                currentKey = key
                state = .objectColon

            case .objectColon:
                try skipSpace()
                guard let c = try peek() else { return cutOffDocument() }
                guard c == UInt8(ascii: ":") else { return stop("expected ':', found \(describe(c))") }
                pos += 1
                state = .objectValue

            case .objectValue:
                try skipSpace()
                guard let c = try peek() else { return cutOffDocument() }
                if isStructural(c) { return stop("expected a value, found \(describe(c))") }
                if let key = targetKey, currentKey == key {
                    foundKey = true
                    if c == UInt8(ascii: "[") {
                        pos += 1
                        state = .arrayElementOrEnd(first: true)
                        continue
                    }
                    let valueLine = line
                    if case .cutOff = try scanValue(capture: false) { return cutOffDocument() }
                    state = .objectCommaOrEnd
                    return .failure(SplitFailure(line: valueLine, reason: "\"\(key)\" is not an array"))
                }
                if case .cutOff = try scanValue(capture: false) { return cutOffDocument() }
                state = .objectCommaOrEnd

            case .objectCommaOrEnd:
                try skipSpace()
                guard let c = try peek() else { return cutOffDocument() }
                if c == UInt8(ascii: ",") {
                    pos += 1
                    state = .objectKeyOrEnd(first: false)
                } else if c == UInt8(ascii: "}") {
                    pos += 1
                    if let failure = endDocument() { return failure }
                } else {
                    return stop("expected ',' or '}', found \(describe(c))")
                }

            case .arrayElementOrEnd(let first):
                try skipSpace()
                guard let c = try peek() else { return cutOffDocument() }
                if c == UInt8(ascii: "]") && first {
                    pos += 1
                    endArray()
                    continue
                }
                if isStructural(c) { return stop("expected an array element, found \(describe(c))") }
                state = .arrayCommaOrEnd
                return try element()

            case .arrayCommaOrEnd:
                try skipSpace()
                guard let c = try peek() else { return cutOffDocument() }
                if c == UInt8(ascii: ",") {
                    pos += 1
                    state = .arrayElementOrEnd(first: false)
                } else if c == UInt8(ascii: "]") {
                    pos += 1
                    endArray()
                } else {
                    return stop("expected ',' or ']', found \(describe(c))")
                }
            }
        }
    }

    // MARK: - Structure

    private func element() throws(InputError) -> SplitItem {
        let startLine = line
        recordCount += 1
        let index = recordCount
        switch try scanValue(capture: true) {
        case .complete(let bytes):
            return .record(RawRecord(bytes: bytes ?? [], line: startLine, index: index))
        case .tooLarge:
            return .failure(SplitFailure(line: startLine, index: index, reason: "record larger than \(maxRecordBytes) bytes, skipped"))
        case .cutOff:
            state = .finished
            return .failure(SplitFailure(line: startLine, index: index, reason: "record cut off at end of input"))
        }
    }

    private func endArray() {
        if case .arrayUnderKey = layout {
            state = .objectCommaOrEnd
        } else {
            state = .beforeDocument
        }
    }

    private func endDocument() -> SplitItem? {
        state = .beforeDocument
        if let key = targetKey, !foundKey {
            return .failure(SplitFailure(line: documentLine, reason: "document has no \"\(key)\" array"))
        }
        return nil
    }

    private func cutOffDocument() -> SplitItem {
        state = .finished
        return .failure(SplitFailure(line: line, reason: "document cut off at end of input"))
    }

    private func stop(_ reason: String, at failureLine: Int? = nil) -> SplitItem {
        state = .finished
        return .failure(SplitFailure(line: failureLine ?? line, reason: reason + "; rest of file skipped"))
    }

    private func isStructural(_ c: UInt8) -> Bool {
        c == UInt8(ascii: ",") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") || c == UInt8(ascii: ":")
    }

    private func describe(_ c: UInt8) -> String {
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        return "byte 0x" + (c < 16 ? "0" : "") + String(c, radix: 16)
    }

    // MARK: - Bytes

    private func peek() throws(InputError) -> UInt8? {
        while pos >= buffer.count {
            if ended { return nil }
            try refill()
        }
        return buffer[pos]
    }

    private func refill() throws(InputError) {
        let drop = keepFrom ?? pos
        if drop > 0 {
            buffer.removeSubrange(0..<drop)
            pos -= drop
            if keepFrom != nil { keepFrom = 0 }
        }
        if let chunk = try source.read() {
            buffer.append(contentsOf: chunk)
        } else {
            ended = true
        }
    }

    private func skipSpace() throws(InputError) {
        if atStreamStart {
            atStreamStart = false
            while buffer.count - pos < 3, !ended { try refill() }
            if buffer.count - pos >= 3, buffer[pos] == 0xEF, buffer[pos + 1] == 0xBB, buffer[pos + 2] == 0xBF { pos += 3 }
        }
        while let c = try peek() {
            if c == 0x20 || c == 0x09 || c == 0x0D {
                pos += 1
            } else if c == 0x0A {
                pos += 1
                line += 1
            } else {
                return
            }
        }
    }

    /// Scans one JSON value from `pos`, tracking strings and nesting but not parsing; keeps its bytes when `capture`.
    private func scanValue(capture: Bool) throws(InputError) -> ScanOutcome {
        guard let first = try peek() else { return .cutOff }
        var capturing = capture
        var tooLarge = false
        if capturing { keepFrom = pos }
        let isScalar = first != UInt8(ascii: "{") && first != UInt8(ascii: "[") && first != UInt8(ascii: "\"")
        var depth = 0
        var inString = false
        var escaped = false
        var done = false
        var scanned = 0
        if isScalar {
            // The first byte always belongs to the scalar, so the scan makes progress.
            pos += 1
            scanned = 1
        }
        while true {
            let start = pos
            var newlines = 0
            let end = buffer.withUnsafeBufferPointer { buf -> Int in
                var i = start
                scan: while i < buf.count {
                    let c = buf[i]
                    if inString {
                        if escaped {
                            escaped = false
                        } else if c == 0x5C {
                            escaped = true
                        } else if c == 0x22 {
                            inString = false
                            if depth == 0 { i += 1; done = true; break scan }
                        } else if c == 0x0A {
                            newlines += 1
                        }
                    } else if isScalar {
                        switch c {
                        case 0x2C, 0x5D, 0x7D, 0x20, 0x0A, 0x0D, 0x09, 0x7B, 0x5B, 0x22:
                            done = true
                            break scan
                        default:
                            break
                        }
                    } else {
                        switch c {
                        case 0x22: inString = true
                        case 0x7B, 0x5B: depth += 1
                        case 0x7D, 0x5D:
                            depth -= 1
                            if depth <= 0 { i += 1; done = true; break scan }
                        case 0x0A: newlines += 1
                        default: break
                        }
                    }
                    i += 1
                }
                return i
            }
            pos = end
            line += newlines
            scanned += end - start
            if capturing && scanned > maxRecordBytes {
                capturing = false
                tooLarge = true
                keepFrom = nil
            }
            if done { break }
            if pos >= buffer.count && !ended { try refill() }
            if ended && pos >= buffer.count {
                if isScalar { break }
                keepFrom = nil
                return .cutOff
            }
        }
        if tooLarge { return .tooLarge }
        guard capturing, let from = keepFrom else { return .complete(nil) }
        keepFrom = nil
        return .complete(Array(buffer[from..<pos]))
    }
}
