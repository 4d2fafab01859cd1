import CByteScan
import FuzzSupport
import PumpwatchCore

@testable import PumpwatchSources

/// Fuzzes the fast path of projected CloudTrail and Falcon reading against the full path.
///
/// - `RecordScanner` accepts only what `JSONParser` accepts, and the member values it finds are
///   the parser's (plain strings byte for byte, numbers by value, the right kind for the rest).
/// - Reading NDJSON with a projection through `ProjectedEventBuilder` gives exactly the events
///   and malformed records the format's full reader gives once projected as `SourceReader`
///   projects them.
///
/// The first input bit chooses CloudTrail or Falcon, the next 31 bits the projected fields (for
/// Falcon, among them the top-level member names of the first record); the rest is the file.
@main
enum FastPathHarness {
    static func main() {
        FuzzDriver.run { data, size in
            FastPathHarness.check(FuzzInput(data, size))
            return 0
        }
    }

    static let cloudTrailNames = CloudTrailProjector.Field.allCases.map(\.rawValue) + ["not.a.field", "@rawstring", "user.name"]
    static let falconNames = [
        "@timestamp", "#event_simpleName", "event_simpleName", "aid", "ComputerName", "DomainName", "@rawstring", "timestamp",
        "ContextTimeStamp", "aid.x", "Tags[0]", "RemotePort", "FileName",
    ]

    static func check(_ input: FuzzInput) {
        var input = input
        var selector: UInt32 = 0
        for _ in 0..<4 { selector = selector << 8 | UInt32(input.takeByte()) }
        let bytes = input.payload
        let format: SourceFormat = selector & 1 == 0 ? .cloudtrail : .falcon
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { Array($0) }

        var candidates = format == .cloudtrail ? cloudTrailNames : falconNames
        var paths: [[String]] = candidates.map { $0.split(separator: ".").map(String.init) }
        if let first = lines.first, let members = (try? JSONParser.parse(first))?.objectMembers {
            for (key, value) in members.prefix(12) {
                if format == .falcon { candidates.append(key) }
                paths.append([key])
                for (inner, _) in value.objectMembers?.prefix(4) ?? [] { paths.append([key, inner]) }
            }
        }
        var names = Set<String>()
        for (i, name) in candidates.enumerated() where selector >> (1 + UInt32(i % 31)) & 1 == 1 { names.insert(name) }

        for line in lines { checkScanner(line, paths: paths) }
        checkShapes(lines, paths: paths)
        checkSkims(lines, texts: selector >> 8 & 1 == 0 ? ["Publish", "sns.amazonaws.com"] : ["a", "Publish"])
        let projection = FieldProjection(names: names)
        if let builder = FastPathSupport.builder(for: format, projection: projection, filter: nil) {
            checkEquivalence(builder, format: format, projection: projection, bytes)
        }
    }

    /// The scanner accepts only documents the parser accepts, and finds the parser's values.
    static func checkScanner(_ line: [UInt8], paths: [[String]]) {
        let schema = ScanSchema(paths: paths)
        let values = UnsafeMutablePointer<ScannedValue>.allocate(capacity: max(1, schema.slotCount))
        defer { values.deallocate() }
        let accepted = line.withUnsafeBytes { RecordScanner.scan($0, schema: schema, into: values) }
        guard accepted else { return }
        let parsed: JSONValue
        do {
            parsed = try JSONParser.parse(line)
        } catch {
            PropertyCheck.fail("the scanner accepts what the parser rejects (\(error)): \(PropertyCheck.excerpt(line))")
        }
        for (path, slot) in zip(paths, schema.pathSlots) {
            var value: JSONValue? = parsed
            for name in path { value = value?.objectMembers?.first { $0.0 == name }?.1 }
            let scanned = values[slot]
            let what = "\(path.joined(separator: ".")) in \(PropertyCheck.excerpt(line))"
            guard let value else {
                PropertyCheck.require(!scanned.isPresent, "the scanner finds \(scanned.kind) where the parser finds nothing: \(what)")
                continue
            }
            PropertyCheck.require(scanned.isPresent, "the scanner misses the parser's \(value): \(what)")
            let text = Array(line[Int(scanned.start)..<Int(scanned.end)])
            switch (value, scanned.kind) {
            case (.string(let s), .string):
                if scanned.isPlainASCIIString {
                    PropertyCheck.require(Array(s.utf8) == text, "the scanner's string \(PropertyCheck.excerpt(text)) is not the parser's \(s.debugDescription): \(what)")
                }
            case (.int, .number), (.double, .number):
                let again = try? JSONParser.parse(text)
                PropertyCheck.require(again.map { $0 == value } ?? false, "the scanner's number \(PropertyCheck.excerpt(text)) is not the parser's \(value): \(what)")
            case (.bool(true), .trueValue), (.bool(false), .falseValue), (.null, .null), (.object, .object), (.array, .array):
                break
            default:
                PropertyCheck.fail("the scanner finds \(scanned.kind) where the parser finds \(value): \(what)")
            }
        }
    }

    /// The scanner's vector path (where the processor has it) takes exactly the records the scalar
    /// path takes and finds the same values, on every line and on every line twice (its shapes are
    /// then remembered).
    static func checkShapes(_ lines: [[UInt8]], paths: [[String]]) {
        let schema = ScanSchema(paths: paths)
        guard let memo = RecordShapeMemo(schema: schema) else { return }
        let count = max(1, schema.slotCount)
        let scalar = UnsafeMutablePointer<ScannedValue>.allocate(capacity: count)
        let vector = UnsafeMutablePointer<ScannedValue>.allocate(capacity: count)
        scalar.initialize(repeating: ScannedValue(), count: count)
        vector.initialize(repeating: ScannedValue(), count: count)
        defer {
            scalar.deallocate()
            vector.deallocate()
        }
        /// The two paths' values agree on every slot.
        func requireSameSlots(_ line: [UInt8], _ what: String) {
            for k in 0..<schema.slotCount {
                let x = scalar[k], y = vector[k]
                PropertyCheck.require(
                    x.start == y.start && x.end == y.end && x.kind == y.kind && x.flags == y.flags,
                    "the scanner's paths read slot \(k) \(what)as \(x) and \(y): \(PropertyCheck.excerpt(line))")
            }
        }
        for line in lines + lines {
            // Never paused: every line is compared.
            memo.state.pointee.paused = 0
            line.withUnsafeBytes { raw in
                let a = RecordScanner.scan(raw, schema: schema, into: scalar)
                let b = RecordScanner.scan(raw, schema: schema, into: vector, shapes: memo.state)
                PropertyCheck.require(a == b, "the scanner's paths disagree (\(a) scalar, \(b) vector): \(PropertyCheck.excerpt(line))")
                if a { requireSameSlots(line, "") }
            }
            // As a line followed by another: the vector path finds its end, and reads it alike.
            memo.state.pointee.paused = 0
            let followed = line + [0x0A] + Array(#"{"x":1}"#.utf8)
            followed.withUnsafeBytes { raw in
                guard let (length, taken) = RecordScanner.scanLine(raw.baseAddress!, available: raw.count, schema: schema, into: vector, shapes: memo.state)
                else { return }
                PropertyCheck.require(length == line.count, "the vector path ends the line at \(length), not \(line.count): \(PropertyCheck.excerpt(line))")
                let a = line.withUnsafeBytes { RecordScanner.scan($0, schema: schema, into: scalar) }
                PropertyCheck.require(a == taken, "the scanner's paths disagree on the line: \(PropertyCheck.excerpt(line))")
                if a { requireSameSlots(line, "of the line ") }
            }
        }
    }

    /// Answers every condition with `true`: the skims never ask the engine.
    final class NoTester: EventConditionTester {
        func holds(_ index: Int, fields: [String: Value]) -> Bool { true }
    }

    /// The vector skim (where the processor has it) passes exactly the records the scalar skim
    /// passes, reading the same members, on every line and on every line twice (its shapes are
    /// then remembered), as whole records and as lines.
    static func checkSkims(_ lines: [[UInt8]], texts: [String]) {
        guard RecordSkim.vectorIsAvailable, let projector = CloudTrailProjector(projection: FieldProjection(names: ["event.action", "event.provider"])) else { return }
        let conditions = [
            EventCondition(fields: ["event.action"], shape: .equals(texts[0])),
            EventCondition(fields: ["event.provider"], shape: .equals(texts[1])),
        ]
        let filter = EventFilter(conditions: conditions, branches: [[0, 1]], makeTester: { NoTester() })
        let ids = [projector.fieldID("event.action"), projector.fieldID("event.provider")]
        guard let scalar = RecordSkim(filter: filter, fieldIDs: ids, projector: projector, vector: false),
            let vector = RecordSkim(filter: filter, fieldIDs: ids, projector: projector, vector: true)
        else { return }
        func members(_ skim: RecordSkim) -> [Int32] { (0..<3).flatMap { [skim.starts[$0], skim.ends[$0]] } }
        for line in lines + lines {
            let padded = line + [0x0A] + Array(#"{"eventTime":"x"}"#.utf8)
            padded.withUnsafeBytes { raw in
                let whole = UnsafeRawBufferPointer(rebasing: raw[0..<line.count])
                let a = scalar.skips(whole), b = vector.skips(whole)
                PropertyCheck.require(a == b, "the skims disagree (\(a) scalar, \(b) vector): \(PropertyCheck.excerpt(line))")
                if a { PropertyCheck.require(members(scalar) == members(vector), "the skims read other members: \(PropertyCheck.excerpt(line))") }
                let c = scalar.skipsLine(raw.baseAddress!, available: raw.count), d = vector.skipsLine(raw.baseAddress!, available: raw.count)
                PropertyCheck.require(c == d, "the skims disagree on the line (\(String(describing: c)) scalar, \(String(describing: d)) vector): \(PropertyCheck.excerpt(line))")
                if c != nil { PropertyCheck.require(members(scalar) == members(vector), "the skims read other members of the line: \(PropertyCheck.excerpt(line))") }
            }
        }
    }

    /// The fast path reads the file exactly as the full path does, once projected.
    static func checkEquivalence(_ builder: any RecordEventBuilding, format: SourceFormat, projection: FieldProjection, _ bytes: [UInt8]) {
        let path = "fuzz.ndjson"
        var fast: [ReadItem] = []
        do {
            try builder.readAll(
                MemoryByteStream(bytes), path: path, layout: .lines, maxRecordBytes: 16 << 20,
                emit: { event, _ in fast.append(.event(event)) }, onMalformed: { fast.append(.malformed($0)) })
        } catch {
            PropertyCheck.fail("the fast path throws \(error): \(PropertyCheck.excerpt(bytes))")
        }
        var full = ReaderHarness.read(FormatReaders.reader(for: format), bytes, path: path, layout: .lines, chunkSize: 1 << 20, maxRecordBytes: 16 << 20)
        for i in full.indices {
            guard case .event(var event) = full[i] else { continue }
            let timestamp = event.fields["@timestamp"]
            projection.apply(to: &event.fields)
            if let timestamp { event.fields["@timestamp"] = timestamp }
            full[i] = .event(event)
        }
        ReadItemCheck.requireSame(full, fast, "\(format) projected to \(projection.names?.sorted() ?? []): full path against fast path", input: bytes)
        let events = full.compactMap { if case .event(let e) = $0 { return e } else { return nil } }
        PropertyCheck.require(builder.eventCount == events.count, "the fast path counts \(builder.eventCount) events, the full path reads \(events.count)")
        PropertyCheck.require(builder.firstMillis == events.compactMap(\.timestampMillis).min(), "first event time differs: \(PropertyCheck.excerpt(bytes))")
        PropertyCheck.require(builder.lastMillis == events.compactMap(\.timestampMillis).max(), "last event time differs: \(PropertyCheck.excerpt(bytes))")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFastPath(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FastPathHarness.check(FuzzInput(data, size))
    return 0
}
