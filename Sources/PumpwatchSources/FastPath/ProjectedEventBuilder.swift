#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CByteScan
import PumpwatchCore

/// Turns the raw records of one format into projected events through the fast path, testing a
/// filter's conditions before building anything. One per thread.
///
/// Each record is scanned for the members the projection needs; the filter's conditions are tested
/// on just the fields they read (from the bytes where the condition's shape allows, else through a
/// memo of answers per field value, else with the query engine); only an event some branch takes
/// is built. A record the fast path does not handle goes through the format's full reader and
/// normalizer, and its events are projected and tested the same way, so every record gives exactly
/// what the full path gives, errors included.
final class ProjectedEventBuilder<Projector: ProjectedNormalizer> {
    let projector: Projector
    let format: SourceFormat
    private let fullReader: any FormatReader
    private let projection: FieldProjection
    private let filter: EventFilter?
    private let tester: (any EventConditionTester)?
    private let masker: EventMasker?
    private let values: UnsafeMutablePointer<ScannedValue>
    /// How many `values` the schema fills.
    private let slotCount: Int
    /// Repeated string values decoded once and shared by the events that carry them.
    private let strings = StringInterner()
    /// The schema's answers for the member names of the last record, by position.
    private let predictions: MemberPredictions
    /// The shapes this reader has met (nil where the vector path cannot run), and its C state.
    private let shapeMemo: RecordShapeMemo?
    private let shapeState: UnsafeMutablePointer<pw_vscan_state>?
    /// The served field each single-field condition reads, or nil.
    private let conditionField: [Int?]
    private let conditionFieldName: [String]
    private let shapeBytes: [[UInt8]?]
    /// Per condition: its shape, and for `equals` and `contains` shapes with ASCII text, that text
    /// as bytes owned by the builder (`shapeText`), so testing a record retains nothing.
    private let shapes: [EventCondition.Shape?]
    private let byteShapes: [ByteShape]
    private let shapeText: UnsafeMutableRawBufferPointer
    /// Per condition: true when its `contains` text can be looked for in a Java map's JSON.
    private let searchesJavaMaps: [Bool]
    /// Each branch's conditions, cheapest first: branch b's are `branchItems[branchStarts[b]..<branchStarts[b + 1]]`
    /// (buffers the builder owns: walking them per record retains nothing).
    private let branchStarts: UnsafeMutableBufferPointer<Int>
    private let branchItems: UnsafeMutableBufferPointer<Int>
    /// Per condition, for the record being read: -1 untested, else its answer (0 or 1). A buffer
    /// the builder owns, so that setting it per record costs no uniqueness checks.
    private let results: UnsafeMutableBufferPointer<Int8>
    /// Per condition on one field without a shape: answers remembered per field value. Owned by
    /// `memoObjects`; read per record through unretained references.
    private let memos: UnsafeMutableBufferPointer<Unmanaged<ByteKeyedMemo>?>
    private let memoObjects: [ByteKeyedMemo?]
    @exclusivity(unchecked) private var constantAnswers: [Bool?]
    /// The served fields built events carry.
    private let emittedFields: [Int]
    private let eventFields: FieldProjection?
    /// The served field of each of the filter's direct fields (nil: never produced), when the
    /// builder hands over values instead of events.
    private let directIDs: [Int?]?
    /// The texts `emitDirect` hands over, one per direct field (a buffer the builder owns).
    private let directTexts: UnsafeMutableBufferPointer<UnsafeRawBufferPointer>
    /// The raw filter that skips records no branch takes, when the filter and projector allow one.
    private let skim: RecordSkim?
    /// `skim`, unretained: the per-record calls go through it without retaining the skim.
    private let skimRef: Unmanaged<RecordSkim>?

    /// Events built or counted so far (every event of every record, taken by a branch or not).
    @exclusivity(unchecked) private(set) var eventCount = 0
    /// Records read the fast way (the rest went through the full reader).
    @exclusivity(unchecked) private(set) var fastRecords = 0
    /// The earliest and latest event times seen.
    @exclusivity(unchecked) private(set) var firstMillis: Int64?
    @exclusivity(unchecked) private(set) var lastMillis: Int64?

    /// `readsShapes`: scan records through a `RecordShapeMemo`. The skim is then left out: reading a
    /// record of a known shape costs less than skimming it. `deferralWindow`: how many judged records
    /// decide, each time, whether values are placed when read (`deferring`).
    init(
        projector: Projector, format: SourceFormat, projection: FieldProjection, filter: EventFilter?,
        readsShapes: Bool = RecordShapeMemo.isAvailable, deferralWindow: Int = 2048
    ) {
        self.deferralWindow = max(1, deferralWindow)
        self.projector = projector
        self.format = format
        self.fullReader = FormatReaders.reader(for: format)
        self.projection = projection
        self.filter = filter
        self.tester = filter?.makeTester()
        self.masker = filter.map(EventMasker.init)
        values = .allocate(capacity: max(1, projector.schema.slotCount))
        slotCount = projector.schema.slotCount
        values.initialize(repeating: ScannedValue(), count: max(1, projector.schema.slotCount))
        predictions = MemberPredictions(schema: projector.schema)
        shapeMemo = RecordShapeMemo(schema: projector.schema, available: readsShapes)
        shapeState = shapeMemo?.state
        let conditions = filter?.conditions ?? []
        let conditionField = conditions.map { $0.fields.count == 1 ? projector.fieldID($0.fields[0]) : nil }
        self.conditionField = conditionField
        conditionFieldName = conditions.map { $0.fields.first ?? "" }
        shapeBytes = conditions.map { c in
            switch c.shape {
            case .equals(let t)?, .contains(let t)?:
                let b = Array(t.utf8)
                return b.isEmpty || b.contains(where: { $0 >= 0x80 }) ? nil : b
            default: return nil
            }
        }
        shapes = conditions.map(\.shape)
        let textBytes = shapeBytes.reduce(0) { $0 + ($1?.count ?? 0) }
        shapeText = .allocate(byteCount: max(1, textBytes), alignment: 1)
        var shapesOnBytes: [ByteShape] = []
        var at = 0
        for (c, bytes) in zip(conditions, shapeBytes) {
            guard let bytes else {
                shapesOnBytes.append(ByteShape(kind: .none, text: UnsafeRawBufferPointer(start: nil, count: 0)))
                continue
            }
            let text = UnsafeMutableRawBufferPointer(rebasing: shapeText[at..<(at + bytes.count)])
            text.copyBytes(from: bytes)
            at += bytes.count
            let kind: ByteShape.Kind
            switch c.shape {
            case .equals?: kind = .equals
            case .contains?: kind = .contains
            default: kind = .none
            }
            shapesOnBytes.append(ByteShape(kind: kind, text: UnsafeRawBufferPointer(text)))
        }
        byteShapes = shapesOnBytes
        searchesJavaMaps = conditions.map { c in
            if case .contains(let t)? = c.shape { return JavaMapSearch.canSearch(Array(t.utf8)) }
            return false
        }
        func cost(_ i: Int) -> Int {
            let c = conditions[i]
            switch c.shape {
            case .equals?: return 0
            case .compareDate?: return 1
            case .contains?: return 3
            case nil: return c.fields.count == 1 ? 2 : 4
            }
        }
        let branchConditions = (filter?.branches ?? []).map { $0.sorted { (cost($0), $0) < (cost($1), $1) } }
        branchStarts = .allocate(capacity: branchConditions.count + 1)
        branchItems = .allocate(capacity: max(1, branchConditions.reduce(0) { $0 + $1.count }))
        var item = 0
        for (b, conditions) in branchConditions.enumerated() {
            branchStarts[b] = item
            for c in conditions {
                branchItems[item] = c
                item += 1
            }
        }
        branchStarts[branchConditions.count] = item
        results = .allocate(capacity: conditions.count)
        results.initialize(repeating: -1)
        memoObjects = conditions.map { $0.shape == nil && $0.fields.count == 1 ? ByteKeyedMemo() : nil }
        memos = .allocate(capacity: max(1, conditions.count))
        memos.initialize(repeating: nil)
        for (c, memo) in memoObjects.enumerated() { memos[c] = memo.map { Unmanaged.passUnretained($0) } }
        constantAnswers = Array(repeating: nil, count: conditions.count)
        eventFields = filter?.eventFields
        directIDs = filter?.directFields.map { names in names.map { projector.fieldID($0) } }
        directTexts = .allocate(capacity: directIDs?.count ?? 0)
        directTexts.initialize(repeating: UnsafeRawBufferPointer(start: nil, count: 0))
        skim = shapeMemo == nil ? filter.flatMap { RecordSkim(filter: $0, fieldIDs: conditionField, projector: projector) } : nil
        skimRef = skim.map { Unmanaged.passUnretained($0) }
        skimsInRead = skim != nil
        emittedFields = projector.fieldNames.indices.filter { id in
            id == 0 || (filter?.eventFields?.includes(projector.fieldNames[id]) ?? true)
        }
    }

    deinit {
        branchStarts.deallocate()
        branchItems.deallocate()
        memos.deallocate()
        directTexts.deallocate()
        results.deallocate()
        values.deallocate()
        shapeText.deallocate()
    }

    /// Reads one record (`bytes`, starting on `line`, the `index`-th of its file) and passes each
    /// event some branch takes to `emit` with the mask of those branches (all bits when there is no
    /// filter). Returns the record's error instead of an event when it is malformed.
    ///
    /// (`@_specialize`: callers hold the builder as `any RecordEventBuilding`, which would run the
    /// generic body, calling the projector through its witness table for every field of every
    /// record; the specialized bodies call it directly.)
    @_specialize(where Projector == FalconProjector)
    @_specialize(where Projector == CloudTrailProjector)
    func read(
        _ bytes: UnsafeRawBufferPointer, line: Int, index: Int, path: String, layout: RecordLayout,
        emit: (Event, UInt64) throws -> Void
    ) rethrows -> MalformedRecord? {
        if skimsInRead && skipsUntaken(bytes) { return nil }
        let scanned = RecordScanner.scan(bytes, schema: projector.schema, into: values, predictions: predictions, shapes: shapeState)
        return try finish(
            bytes, scanned: scanned, line: line, index: index, path: path, layout: layout, emit: emit, direct: { _, _, _, _ in },
            readsDirect: false)
    }

    /// Like `read`, but an event the fast path builds goes to `direct` as the values of the filter's
    /// direct fields; events of records read the full way still go to `emit`.
    @_specialize(where Projector == FalconProjector)
    @_specialize(where Projector == CloudTrailProjector)
    func read(
        _ bytes: UnsafeRawBufferPointer, line: Int, index: Int, path: String, layout: RecordLayout,
        emit: (Event, UInt64) throws -> Void,
        direct: ((Int) -> Value?, UnsafeBufferPointer<UnsafeRawBufferPointer>, SourceFormat, UInt64) throws -> Void
    ) rethrows -> MalformedRecord? {
        guard directIDs != nil else { return try read(bytes, line: line, index: index, path: path, layout: layout, emit: emit) }
        if skimsInRead && skipsUntaken(bytes) { return nil }
        let scanned = RecordScanner.scan(bytes, schema: projector.schema, into: values, predictions: predictions, shapes: shapeState)
        return try finish(
            bytes, scanned: scanned, line: line, index: index, path: path, layout: layout, emit: emit, direct: direct, readsDirect: true)
    }

    /// What the reading of a record does once the scanner had it in `values` (`scanned`: the
    /// scanner took it): the projector begins it and its event goes to `direct` (`readsDirect`) or
    /// `emit`, or the record is read the full way.
    @inline(__always)
    private func finish(
        _ bytes: UnsafeRawBufferPointer, scanned: Bool, line: Int, index: Int, path: String, layout: RecordLayout,
        emit: (Event, UInt64) throws -> Void,
        direct: ((Int) -> Value?, UnsafeBufferPointer<UnsafeRawBufferPointer>, SourceFormat, UInt64) throws -> Void,
        readsDirect: Bool
    ) rethrows -> MalformedRecord? {
        let record = ScannedRecord(bytes: bytes, values: values, strings: strings, shapes: shapeState)
        guard scanned, projector.begin(record) else {
            return try readFully(bytes, line: line, index: index, path: path, layout: layout, emit: emit)
        }
        let mask = admit(record)
        if filter != nil && shapeState != nil { noteTaken(mask != 0) }
        if mask != 0 {
            // Taken: the event reads most of the other members, placed in one pass.
            if deferring, let shapeState {
                UnsafeMutableRawPointer(values).withMemoryRebound(to: pw_scanned_value.self, capacity: slotCount) {
                    pw_vscan_resolve_all(shapeState, $0, Int32(slotCount))
                }
            }
            if readsDirect {
                try emitDirect(record, mask: mask, direct: direct)
            } else {
                try emitBuilt(line: line, index: index, path: path, layout: layout, mask: mask, emit: emit)
            }
        }
        return nil
    }

    /// Records skipped without a scan (`RecordSkim`), counted as events but taken by no branch.
    var skimmedRecords: Int { skim?.skipped ?? 0 }

    /// True when the skim shows that no branch takes the record: it is then counted (with its
    /// time) as the fast path counts a record whose event no branch takes.
    @inline(__always)
    private func skipsUntaken(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let skimRef else { return false }
        return skimRef._withUnsafeGuaranteedRef { skim in skim.skips(bytes) && countSkipped(bytes, skim) }
    }

    /// Skips the line at `start` as `read` would skip its record (see `skipsUntaken`), for a
    /// reader that has not looked for the line's end yet: the line's length, or nil when the line
    /// must be found and read the normal way. Lines over `maxBytes` are never skipped.
    func skipLine(_ start: UnsafeRawPointer, available: Int, maxBytes: Int) -> Int? {
        guard let skimRef else { return nil }
        return skimRef._withUnsafeGuaranteedRef { skim in
            guard let length = skim.skipsLine(start, available: available), length <= maxBytes,
                countSkipped(UnsafeRawBufferPointer(start: start, count: length), skim)
            else { return nil }
            return length
        }
    }

    /// True when `readLine` may read lines: records are scanned through their shapes.
    var readsLines: Bool { shapeState != nil }

    /// Reads the line at `start` as `read(_:line:index:path:layout:emit:direct:)` reads its
    /// record, finding the line's end while scanning it: the line's length (to its line feed or
    /// `available`) and the record's error, or nil when the line must be found and read the normal
    /// way (the scanner left it to the member-by-member path, or it is longer than `maxBytes`).
    @_specialize(where Projector == FalconProjector)
    @_specialize(where Projector == CloudTrailProjector)
    func readLine(
        _ start: UnsafeRawPointer, available: Int, maxBytes: Int, line: Int, path: String,
        emit: (Event, UInt64) throws -> Void,
        direct: ((Int) -> Value?, UnsafeBufferPointer<UnsafeRawBufferPointer>, SourceFormat, UInt64) throws -> Void
    ) rethrows -> (length: Int, malformed: MalformedRecord?)? {
        guard let shapeState,
            let (length, taken) = RecordScanner.scanLine(start, available: available, schema: projector.schema, into: values, shapes: shapeState),
            length <= maxBytes
        else { return nil }
        let bad = try finish(
            UnsafeRawBufferPointer(start: start, count: length), scanned: taken, line: line, index: 0, path: path, layout: .lines,
            emit: emit, direct: direct, readsDirect: directIDs != nil)
        return (length, bad)
    }

    /// Counts a record the skim passed, when the projector can tell its time; false otherwise.
    @inline(__always)
    private func countSkipped(_ bytes: UnsafeRawBufferPointer, _ skim: RecordSkim) -> Bool {
        guard let t = projector.skimmedTimestamp(bytes, starts: skim.starts, ends: skim.ends) else { return false }
        skim.noteSkipped()
        fastRecords += 1
        eventCount += 1
        note(t)
        return true
    }

    /// True when `skipLine` may skip lines.
    var skimsLines: Bool { skim != nil }

    /// Whether `read` skims the records it is given; a reader that offers every line to
    /// `skipLine` first turns it off, so that a record is not skimmed twice.
    @exclusivity(unchecked) var skimsInRead: Bool

    /// Whether the vector scanner leaves the places of values to be worked out when they are read
    /// (`pw_vscan_set_deferring`): worth it while the filter takes few records, since a rejected
    /// record is mostly judged on two or three members, and a loss when most records are taken
    /// (each value is then placed on its own instead of in the scanner's one pass).
    @exclusivity(unchecked) private(set) var deferring = false
    /// Records judged and taken in the current window of `deferralWindow`.
    @exclusivity(unchecked) private var windowJudged = 0
    @exclusivity(unchecked) private var windowTaken = 0
    private let deferralWindow: Int

    /// Counts a judged record, and at the end of each window turns deferral on when at most a
    /// quarter of the window was taken, off otherwise.
    @inline(__always)
    private func noteTaken(_ taken: Bool) {
        windowJudged += 1
        if taken { windowTaken += 1 }
        guard windowJudged == deferralWindow, let shapeState else { return }
        deferring = windowTaken * 4 <= windowJudged
        pw_vscan_set_deferring(shapeState, deferring ? 1 : 0)
        windowJudged = 0
        windowTaken = 0
    }

    /// Counts a record the fast path scanned and began, and tests the filter: the mask of the
    /// branches that take its event (0: none does, nothing to hand on).
    @inline(__always)
    private func admit(_ record: ScannedRecord) -> UInt64 {
        fastRecords += 1
        eventCount += 1
        if let t = projector.timestampMillis { note(t) }
        guard filter != nil else { return ~UInt64(0) }
        results.update(repeating: -1)
        return branchMask { condition($0, record) }
    }

    /// Builds the event of the record `admit` took and passes it to `emit`.
    @inline(__always)
    private func emitBuilt(
        line: Int, index: Int, path: String, layout: RecordLayout, mask: UInt64, emit: (Event, UInt64) throws -> Void
    ) rethrows {
        let origin = fullReader.origin(of: RawRecord(bytes: [], line: line, index: index), path: path, layout: layout)
        try emit(Event(fields: projector.fields(emittedFields), origin: origin, format: format), mask)
    }

    /// Hands the direct fields of the record `admit` took to `direct` (`directIDs` is set).
    @inline(__always)
    private func emitDirect(
        _ record: ScannedRecord, mask: UInt64,
        direct: ((Int) -> Value?, UnsafeBufferPointer<UnsafeRawBufferPointer>, SourceFormat, UInt64) throws -> Void
    ) rethrows {
        guard let directIDs else { return }
        let projector = self.projector
        // Every direct field's bytes, where they are its value, worked out once for the sink.
        for k in 0..<directTexts.count {
            let text = directIDs[k].flatMap { ProjectedEventBuilder.plainText(projector.source(of: $0), record) }
            directTexts[k] = text ?? UnsafeRawBufferPointer(start: nil, count: 0)
        }
        try direct({ k in directIDs[k].flatMap { projector.value($0) } }, UnsafeBufferPointer(directTexts), format, mask)
    }

    /// The bytes of a field whose value is a `.string` of exactly them: a plain ASCII string member
    /// that is not empty, read as text (`FieldSource.member` with `textIsValue`); nil otherwise.
    @inline(__always)
    static func plainText(_ source: FieldSource, _ record: ScannedRecord) -> UnsafeRawBufferPointer? {
        guard case .member(let v, true) = source, v.isPlainASCIIString, v.length > 0 else { return nil }
        return record.raw(v)
    }

    @inline(__always)
    private func note(_ t: Int64) {
        if firstMillis.map({ t < $0 }) ?? true { firstMillis = t }
        if lastMillis.map({ t > $0 }) ?? true { lastMillis = t }
    }

    /// The branches whose conditions all hold.
    @inline(__always)
    private func branchMask(_ holds: (Int) -> Bool) -> UInt64 {
        var mask: UInt64 = 0
        for b in 0..<(branchStarts.count - 1) {
            var all = true
            for k in branchStarts[b]..<branchStarts[b + 1] where !holds(branchItems[k]) {
                all = false
                break
            }
            if all { mask |= UInt64(1) << UInt64(b) }
        }
        return mask
    }

    // MARK: - The full path

    private func readFully(
        _ bytes: UnsafeRawBufferPointer, line: Int, index: Int, path: String, layout: RecordLayout,
        emit: (Event, UInt64) throws -> Void
    ) rethrows -> MalformedRecord? {
        let raw = RawRecord(bytes: Array(bytes), line: line, index: index)
        let origin = fullReader.origin(of: raw, path: path, layout: layout)
        let events: [Event]
        do {
            events = try fullReader.events(of: raw, origin: origin)
        } catch {
            return error
        }
        for var event in events {
            if projection.names != nil {
                let timestamp = event.fields["@timestamp"]
                projection.apply(to: &event.fields)
                if let timestamp { event.fields["@timestamp"] = timestamp }
            }
            eventCount += 1
            if let t = event.timestampMillis { note(t) }
            var mask = ~UInt64(0)
            if let masker {
                mask = masker.mask(event.fields)
                if mask == 0 { continue }
            }
            if let eventFields {
                let timestamp = event.fields["@timestamp"]
                eventFields.apply(to: &event.fields)
                if let timestamp { event.fields["@timestamp"] = timestamp }
            }
            try emit(event, mask)
        }
        return nil
    }

    // MARK: - Conditions

    /// Condition `c` for the scanned record, tested once per record.
    @inline(__always)
    private func condition(_ c: Int, _ record: ScannedRecord) -> Bool {
        if results[c] >= 0 { return results[c] == 1 }
        let answer = test(c, record)
        results[c] = answer ? 1 : 0
        return answer
    }

    private func test(_ c: Int, _ record: ScannedRecord) -> Bool {
        if let known = constantAnswers[c] { return known }
        guard let id = conditionField[c] else { return testWithEngine(c) }
        let source = projector.source(of: id)
        if let quick = testOnBytes(byteShapes[c], source, record) { return quick }
        if let shape = shapes[c] {
            if case .javaMap(let v) = source, searchesJavaMaps[c], let text = shapeBytes[c] {
                if !v.survives { return false }
                if let found = JavaMapSearch.contains(record.jsonText(v), text) { return found }
            }
            let value = projector.value(id)
            if let quick = testOnValue(shape, shapeBytes[c], value) { return quick }
            return tester!.holds(c, fields: value.map { [conditionFieldName[c]: $0] } ?? [:])
        }
        switch source {
        case .constant:
            let answer = testWithEngine(c)
            constantAnswers[c] = answer
            return answer
        case .member(let member, _), .javaMap(let member):
            guard let memo = memos[c] else { return testWithEngine(c) }
            return memo._withUnsafeGuaranteedRef { memo in
                guard memo.isUseful else { return testWithEngine(c) }
                let key = member.isPresent && member.kind != .null ? record.raw(member) : UnsafeRawBufferPointer(start: nil, count: 0)
                if let known = memo.answer(tag: member.kind.rawValue, key) { return known }
                let answer = testWithEngine(c)
                memo.remember(tag: member.kind.rawValue, key, answer)
                return answer
            }
        case .computed:
            return testWithEngine(c)
        }
    }

    /// The condition through the engine, with the served fields it reads.
    private func testWithEngine(_ c: Int) -> Bool {
        var fields: [String: Value] = [:]
        for name in filter!.conditions[c].fields {
            if let id = projector.fieldID(name), let v = projector.value(id) { fields[name] = v }
        }
        return tester!.holds(c, fields: fields)
    }

    /// The shape's answer from the member's bytes, when they decide it.
    @inline(__always)
    private func testOnBytes(_ shape: ByteShape, _ source: FieldSource, _ record: ScannedRecord) -> Bool? {
        guard shape.kind != .none, case .member(let v, let textIsValue) = source, textIsValue else { return nil }
        switch v.kind {
        case .absent, .null: return false
        case .string:
            guard v.isPlainASCIIString else { return nil }
            if v.length == 0 { return false }
            switch shape.kind {
            case .equals: return record.bytesEqual(v, shape.text)
            case .contains: return TextSearch.contains(record.raw(v), shape.text)
            case .none: return nil
            }
        default:
            return nil
        }
    }

    /// The shape's answer from the field's value, when its kind decides it.
    @inline(__always)
    private func testOnValue(_ shape: EventCondition.Shape, _ text: [UInt8]?, _ value: Value?) -> Bool? {
        switch shape {
        case .equals(let t):
            guard let value else { return false }
            if case .string(let s) = value { return s == t }
            return nil
        case .contains:
            guard let value else { return false }
            guard let text, case .string(let s) = value else { return nil }
            var ascii = true
            for b in s.utf8 where b >= 0x80 {
                ascii = false
                break
            }
            guard ascii else { return nil }
            var s2 = s
            return s2.withUTF8 { ProjectedEventBuilder.contains(UnsafeRawBufferPointer($0), text) }
        case .compareDate(let op, let bound):
            guard let value else { return false }
            if case .date(let ms) = value { return op.holds(ms, bound) }
            return nil
        }
    }

    /// True when `needle` (not empty) occurs in `haystack`.
    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        needle.withUnsafeBytes { TextSearch.contains(haystack, $0) }
    }
}

/// An `equals` or `contains` condition on ASCII text, as bytes.
///
/// Not nested in `ProjectedEventBuilder`: a type nested in a generic class is generic itself, and
/// reading it from an array in the per-record loop then goes through unspecialized code.
struct ByteShape {
    enum Kind { case none, equals, contains }
    var kind: Kind
    var text: UnsafeRawBufferPointer
}
