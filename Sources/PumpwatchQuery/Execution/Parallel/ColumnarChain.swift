import PumpwatchCore

/// The plan below one aggregate run over an array of column values instead of dictionary rows.
///
/// It serves chains of filters, evals and dissects over a source, feeding an aggregate: each
/// source field the chain reads is an input column, each name an eval or dissect assigns is a
/// computed column. The steps do what `FilterOperator`, `EvalOperator` and `DissectOperator` do
/// (using the same evaluator and `DissectOperator.dissect`), minus keeping the row's column order,
/// which an aggregate does not look at. An expression that is a plain field reads its column; any
/// other expression is evaluated on a small row holding just the fields it reads.
final class ColumnarChain {
    /// An expression compiled against the columns.
    enum Compiled {
        case column(Int)
        case constant(Value)
        case general(Expression, [(name: String, column: Int)])
        /// `date_trunc(span, field)`: a date column is truncated directly, anything else evaluated.
        case dateTrunc(TimeSpan, Int, Expression, [(name: String, column: Int)])
    }

    enum Step {
        case filter(Compiled)
        case eval([(column: Int, expression: Compiled, skipWhenNull: Bool)])
        case dissect(Compiled, DissectPattern, [(name: String, column: Int)])
    }

    /// Where the byte path finds one group key's bytes (see `push(input:texts:slots:into:evaluator:)`).
    enum ByteKey {
        /// The text of input column `c`.
        case input(Int)
        /// The date of input column `c`, truncated to `span`.
        case truncatedTime(Int, TimeSpan)
        /// Output `output` of the byte path's dissect `dissect` (`dissectMemos`).
        case dissected(dissect: Int, output: Int)
    }

    /// The source fields read, in column order (the first columns).
    let inputNames: [String]
    let steps: [Step]
    let keys: [Compiled]
    let arguments: [Compiled?]
    let filters: [Compiled?]
    let timeColumn: Int?
    let columnCount: Int
    /// The row's column values: a buffer the chain owns (`columnCount` of them), so that setting
    /// them per row costs no uniqueness checks.
    private let columns: UnsafeMutablePointer<Value>
    /// When every key is an input column's text, a truncated input date or a dissected input text,
    /// and the steps hold nothing else: where each key's bytes come from, in key order. Rows of
    /// groups seen before are then found from the keys' bytes (`push(input:texts:...)`), and the
    /// steps no key reads are not run. (Buffers the chain owns, not arrays: reading them per row
    /// retains nothing.)
    private let byteKeys: UnsafeMutableBufferPointer<ByteKey>?
    /// True when rows whose keys all have bytes are grouped from them (`byteKeys`).
    var readsKeyBytes: Bool { byteKeys != nil }
    /// Which keys of `byteKeys` are dates, a bit per key.
    private let byteKeyDates: UInt64
    /// The key bytes of the row being pushed (one per key), while `byteKeys` is set.
    private let keyTexts: UnsafeMutableBufferPointer<UnsafeRawBufferPointer>
    /// The truncated dates of the row being pushed, per key (the bytes `keyTexts` points at).
    private let keyDates: UnsafeMutablePointer<Int64>
    /// The byte path's dissects: the input column each reads, and its step's memo (kept alive by
    /// `dissectMemosByStep`); their outputs for the row, from `dissectOutputStarts[d]` on.
    private let dissectCount: Int
    private let dissectColumns: UnsafeMutableBufferPointer<Int>
    private let dissectMemos: UnsafeMutableBufferPointer<Unmanaged<DissectMemo>>
    private let dissectOutputStarts: UnsafeMutableBufferPointer<Int>
    private let dissectOutputs: UnsafeMutableBufferPointer<UnsafeRawBufferPointer>
    /// Input columns read by the aggregates' arguments and filters (or for `last`, the time).
    private let argumentInputs: UnsafeMutableBufferPointer<Int>
    /// Per step, for a dissect: what its pattern made of the texts met (user agents repeat), read
    /// as values by the general path and as bytes by the byte path.
    private let dissectMemosByStep: [DissectMemo?]

    /// Compiles `lower` (the chain below `aggregation`), or nil when it holds other operators.
    init?(lower: LogicalPlan, aggregation: Aggregation) {
        var chain: [LogicalPlan] = []
        var node = lower
        while true {
            switch node {
            case .source:
                break
            case .filter(let c, _), .eval(let c, _), .dissect(let c, _, _):
                chain.append(node)
                node = c
                continue
            default:
                return nil
            }
            break
        }
        chain.reverse()
        // Names assigned by the chain are computed columns; every other name read is an input.
        var assigned = Set<String>()
        var reads = Set<String>()
        func read(_ e: Expression) {
            for f in e.fieldsRead where !assigned.contains(f) { reads.insert(f) }
        }
        for step in chain {
            switch step {
            case .filter(_, let e): read(e)
            case .eval(_, let assignments):
                for a in assignments {
                    read(a.expression)
                    assigned.insert(a.name)
                }
            case .dissect(_, let f, let p):
                read(f)
                assigned.formUnion(p.outputNames)
            default: break
            }
        }
        for k in aggregation.keys { read(k.expression) }
        for a in aggregation.aggregates {
            if let e = a.argument { read(e) }
            if let f = a.filter { read(f) }
        }
        let needsTime = aggregation.aggregates.contains { $0.function == .last }
        if needsTime && !assigned.contains("@timestamp") { reads.insert("@timestamp") }
        let inputs = reads.sorted()
        var index: [String: Int] = [:]
        for (i, name) in inputs.enumerated() { index[name] = i }
        var next = inputs.count
        func column(_ name: String) -> Int {
            if let c = index[name] { return c }
            index[name] = next
            next += 1
            return next - 1
        }
        func compile(_ e: Expression) -> Compiled {
            switch e {
            case .field(let name): return .column(column(name))
            case .literal(let v): return .constant(v)
            case .call("date_trunc", let args) where args.count == 2:
                if case .timeSpan(let span) = args[0], case .field(let name) = args[1] {
                    return .dateTrunc(span, column(name), e, [(name, column(name))])
                }
                return .general(e, e.fieldsRead.sorted().map { ($0, column($0)) })
            default: return .general(e, e.fieldsRead.sorted().map { ($0, column($0)) })
            }
        }
        var steps: [Step] = []
        for step in chain {
            switch step {
            case .filter(_, let e):
                steps.append(.filter(compile(e)))
            case .eval(_, let assignments):
                steps.append(.eval(assignments.map { a in
                    let expression = compile(a.expression)
                    return (column(a.name), expression, a.skipWhenNull)
                }))
            case .dissect(_, let f, let p):
                let field = compile(f)
                steps.append(.dissect(field, p, p.outputNames.map { ($0, column($0)) }))
            default: break
            }
        }
        self.inputNames = inputs
        self.steps = steps
        self.keys = aggregation.keys.map { compile($0.expression) }
        self.arguments = aggregation.aggregates.map { $0.argument.map(compile) }
        self.filters = aggregation.aggregates.map { $0.filter.map(compile) }
        self.timeColumn = needsTime ? column("@timestamp") : nil
        self.columnCount = next
        columns = .allocate(capacity: max(1, next))
        columns.initialize(repeating: .null, count: max(1, next))
        var argumentColumns = Set<Int>()
        func note(_ c: Compiled?) {
            switch c {
            case .column(let i)?: argumentColumns.insert(i)
            case .dateTrunc(_, _, _, let reads)?, .general(_, let reads)?: for r in reads { argumentColumns.insert(r.column) }
            default: break
            }
        }
        for a in arguments { note(a) }
        for f in filters { note(f) }
        if let t = timeColumn { argumentColumns.insert(t) }
        let plan = ColumnarChain.byteKeyPlan(steps: steps, keys: keys, inputCount: inputs.count, argumentColumns: argumentColumns)
        if let plan {
            let buffer = UnsafeMutableBufferPointer<ByteKey>.allocate(capacity: plan.keys.count)
            _ = buffer.initialize(from: plan.keys)
            byteKeys = buffer
        } else {
            byteKeys = nil
        }
        var dates: UInt64 = 0
        for (k, key) in (plan?.keys ?? []).enumerated() {
            if case .truncatedTime = key { dates |= UInt64(1) << UInt64(k) }
        }
        byteKeyDates = dates
        keyTexts = .allocate(capacity: max(1, keys.count))
        keyTexts.initialize(repeating: UnsafeRawBufferPointer(start: nil, count: 0))
        keyDates = .allocate(capacity: max(1, keys.count))
        keyDates.initialize(repeating: 0, count: max(1, keys.count))
        let memos = steps.map { step -> DissectMemo? in
            guard case .dissect(_, let pattern, _) = step else { return nil }
            return DissectMemo(pattern: pattern)
        }
        dissectMemosByStep = memos
        let dissects = plan?.dissects ?? []
        dissectCount = dissects.count
        let byteMemos = dissects.map { memos[$0.step]! }
        dissectMemos = .allocate(capacity: max(1, dissects.count))
        _ = dissectMemos.initialize(from: byteMemos.map { Unmanaged.passUnretained($0) })
        dissectColumns = .allocate(capacity: max(1, dissects.count))
        _ = dissectColumns.initialize(from: dissects.map(\.column))
        var starts: [Int] = []
        var outputCount = 0
        for memo in byteMemos {
            starts.append(outputCount)
            outputCount += memo.names.count
        }
        dissectOutputStarts = .allocate(capacity: max(1, starts.count))
        _ = dissectOutputStarts.initialize(from: starts)
        dissectOutputs = .allocate(capacity: max(1, outputCount))
        dissectOutputs.initialize(repeating: UnsafeRawBufferPointer(start: nil, count: 0))
        let argumentColumnList = argumentColumns.filter { $0 < inputs.count }.sorted()
        argumentInputs = .allocate(capacity: max(1, argumentColumnList.count))
        _ = argumentInputs.initialize(from: argumentColumnList)
        argumentCount = argumentColumnList.count
        // Each aggregate's input column (-1: none), when every argument is a column or absent and
        // no aggregate has a filter: rows found by their key texts then skip the compiled forms.
        var simple: [Int] = []
        for (a, f) in zip(arguments, filters) where f == nil {
            switch a {
            case nil: simple.append(-1)
            case .column(let c)?: simple.append(c)
            default: break
            }
        }
        filled = .allocate(capacity: max(1, next))
        filled.initialize(repeating: false, count: max(1, next))
        if simple.count == arguments.count {
            let buffer = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(1, simple.count))
            _ = buffer.initialize(from: simple)
            simpleArguments = buffer
        } else {
            simpleArguments = nil
        }
    }

    /// The number of `argumentInputs`.
    private let argumentCount: Int
    /// Per aggregate, the column of its argument (-1: none), when all are plain columns without filters.
    private let simpleArguments: UnsafeMutableBufferPointer<Int>?
    /// Per column, whether the row being added has set it yet (the simple-argument path fills
    /// argument columns only when an aggregate asks for the value).
    private let filled: UnsafeMutablePointer<Bool>

    deinit {
        columns.deinitialize(count: max(1, columnCount))
        columns.deallocate()
        keyTexts.deallocate()
        keyDates.deallocate()
        byteKeys?.deallocate()
        dissectColumns.deallocate()
        dissectMemos.deallocate()
        dissectOutputStarts.deallocate()
        dissectOutputs.deallocate()
        argumentInputs.deallocate()
        simpleArguments?.deallocate()
        filled.deallocate()
    }

    @inline(__always)
    private func value(_ c: Compiled, _ evaluator: ExpressionEvaluator) -> Value {
        switch c {
        case .column(let i): return columns[i]
        case .constant(let v): return v
        case .dateTrunc(let span, let column, let e, let reads):
            if case .date(let ms) = columns[column] { return .date(DateMath.truncate(ms, to: span)) }
            return value(.general(e, reads), evaluator)
        case .general(let e, let reads):
            var values: [String: Value] = [:]
            for (name, column) in reads {
                if case .null = columns[column] { continue }
                values[name] = columns[column]
            }
            return evaluator.evaluate(e, Row(values: values))
        }
    }

    /// The byte path's plan: where each key's bytes come from, and the dissects (of an input
    /// column's text) those keys read, in the order the byte path runs them. Nil when a key, a step
    /// or what the aggregates read is beyond it: a filter step, an eval other than a copy or a
    /// `date_trunc` of an input, a dissect of anything but an input, or aggregates reading a
    /// column the steps assign.
    private static func byteKeyPlan(
        steps: [Step], keys: [Compiled], inputCount: Int, argumentColumns: Set<Int>
    ) -> (keys: [ByteKey], dissects: [(column: Int, step: Int)])? {
        guard !keys.isEmpty, keys.count <= 64 else { return nil }
        // What each column assigned so far holds.
        var origin: [Int: ByteKey] = [:]
        var dissects: [(column: Int, step: Int)] = []
        func source(_ column: Int) -> ByteKey? {
            if let o = origin[column] { return o }
            return column < inputCount ? .input(column) : nil
        }
        func inputText(_ c: Compiled) -> Int? {
            guard case .column(let column) = c, case .input(let i)? = source(column) else { return nil }
            return i
        }
        func bytes(_ c: Compiled) -> ByteKey? {
            switch c {
            case .column(let column): return source(column)
            case .dateTrunc(let span, let column, _, _):
                guard let i = inputText(.column(column)) else { return nil }
                return .truncatedTime(i, span)
            case .constant, .general: return nil
            }
        }
        for (index, step) in steps.enumerated() {
            switch step {
            case .filter: return nil
            case .eval(let assignments):
                for a in assignments {
                    guard let b = bytes(a.expression) else { return nil }
                    origin[a.column] = b
                }
            case .dissect(let field, _, let outputs):
                guard let column = inputText(field) else { return nil }
                for (o, output) in outputs.enumerated() { origin[output.column] = .dissected(dissect: dissects.count, output: o) }
                dissects.append((column, index))
            }
        }
        for c in argumentColumns where c >= inputCount || origin[c] != nil { return nil }
        var planned: [ByteKey] = []
        for k in keys {
            guard let b = bytes(k) else { return nil }
            planned.append(b)
        }
        // Only the dissects some key reads are run, renumbered in order.
        var kept: [Int: Int] = [:]
        var keptDissects: [(column: Int, step: Int)] = []
        for (d, dissect) in dissects.enumerated() where planned.contains(where: { if case .dissected(d, _) = $0 { true } else { false } }) {
            kept[d] = keptDissects.count
            keptDissects.append(dissect)
        }
        planned = planned.map { b in
            if case .dissected(let d, let o) = b { return .dissected(dissect: kept[d]!, output: o) }
            return b
        }
        return (planned, keptDissects)
    }

    /// The bytes of key `k` of `byteKeys` for the row: an input's text (`text`), a truncated date
    /// (`keyDates`) or a dissect's output (`dissectOutputs`); nil when the key has none (absent,
    /// not plain text, not a date, a dissect that did not match).
    @inline(__always)
    private func keyBytes(
        _ key: ByteKey, _ k: Int, input: (Int) -> Value?, text: (Int) -> UnsafeRawBufferPointer?
    ) -> UnsafeRawBufferPointer? {
        switch key {
        case .input(let c):
            return text(c)
        case .truncatedTime(let c, let span):
            guard case .date(let ms)? = input(c) else { return nil }
            keyDates[k] = DateMath.truncate(ms, to: span)
            return UnsafeRawBufferPointer(start: keyDates + k, count: 8)
        case .dissected(let d, let o):
            let t = dissectOutputs[dissectOutputStarts[d] + o]
            return t.baseAddress == nil ? nil : t
        }
    }

    /// Sets `keyTexts` to the row's key bytes (running the byte path's dissects); false when some
    /// key has none, and the row must take the general path.
    @inline(__always)
    private func fillKeyBytes(
        _ byteKeys: UnsafeMutableBufferPointer<ByteKey>, input: (Int) -> Value?, text: (Int) -> UnsafeRawBufferPointer?
    ) -> Bool {
        for d in 0..<dissectCount {
            guard let t = text(dissectColumns[d]) else { return false }
            let outputs = dissectOutputs.baseAddress! + dissectOutputStarts[d]
            guard dissectMemos[d]._withUnsafeGuaranteedRef({ $0.dissect(t, into: outputs) }) else { return false }
        }
        for k in 0..<byteKeys.count {
            guard let t = keyBytes(byteKeys[k], k, input: input, text: text) else { return false }
            keyTexts[k] = t
        }
        return true
    }

    /// Like `push(input:into:evaluator:)`; `texts[slots[i]]`, when its base address is not nil, is
    /// the UTF-8 of input column `i`, whose value is then a `.string` of that (plain ASCII) text.
    /// When every key has bytes (`byteKeys`), the group is found from them and only the columns the
    /// aggregates' arguments read are asked of `input`.
    func push(
        input: (Int) -> Value?, texts: UnsafeBufferPointer<UnsafeRawBufferPointer>, slots: UnsafePointer<Int>,
        into aggregate: AggregateOperator, evaluator: ExpressionEvaluator
    ) {
        @inline(__always) func text(_ i: Int) -> UnsafeRawBufferPointer? {
            let t = texts[slots[i]]
            return t.baseAddress == nil ? nil : t
        }
        if let byteKeys {
            let all = fillKeyBytes(byteKeys, input: input, text: text)
            if all {
                let added: Bool
                if let simpleArguments {
                    // Arguments are read as text where they are; values are made only when asked for.
                    let columns = self.columns
                    let filled = self.filled
                    for k in 0..<argumentCount { filled[argumentInputs[k]] = false }
                    @inline(__always) func column(_ c: Int) -> Value {
                        if !filled[c] {
                            columns[c] = input(c) ?? .null
                            filled[c] = true
                        }
                        return columns[c]
                    }
                    added = aggregate.push(
                        texts: UnsafeBufferPointer(keyTexts), dates: byteKeyDates,
                        argumentText: { i in
                            let c = simpleArguments[i]
                            return c < 0 ? nil : text(c)
                        },
                        argument: { i in
                            let c = simpleArguments[i]
                            return c < 0 ? .null : column(c)
                        }, time: { timeColumn.map { column($0) } })
                } else {
                    for k in 0..<argumentCount {
                        let i = argumentInputs[k]
                        columns[i] = input(i) ?? .null
                    }
                    added = aggregate.push(
                        texts: UnsafeBufferPointer(keyTexts), dates: byteKeyDates,
                        passes: { i in filters[i].map { evaluator.truth(value($0, evaluator)) == true } ?? true },
                        argument: { i in arguments[i].map { value($0, evaluator) } ?? .null },
                        time: { timeColumn.map { columns[$0] } })
                }
                if added { return }
            }
        }
        push(input: input, into: aggregate, evaluator: evaluator)
    }

    /// Runs one row whose input columns `input` gives (nil: the field is absent) into `aggregate`.
    func push(input: (Int) -> Value?, into aggregate: AggregateOperator, evaluator: ExpressionEvaluator) {
        for i in 0..<inputNames.count { columns[i] = input(i) ?? .null }
        for i in inputNames.count..<columnCount { columns[i] = .null }
        // Steps are read in place (not copied out of the array with their payloads per row).
        for k in steps.indices {
            switch steps[k] {
            case .filter(let c):
                guard evaluator.truth(value(c, evaluator)) == true else { return }
            case .eval(let assignments):
                for a in assignments {
                    let v = value(a.expression, evaluator)
                    if v.isNull && a.skipWhenNull { continue }
                    columns[a.column] = v
                }
            case .dissect(let field, let pattern, let outputs):
                let text = evaluator.scalarText(value(field, evaluator))
                // Only ASCII text is remembered by its bytes: canonically equal strings of other
                // bytes are one string, and the pieces of one spelling are not the pieces of the other.
                if var ascii = text, ascii.utf8.allSatisfy({ $0 < 0x80 }), let memo = dissectMemosByStep[k],
                    let known = ascii.withUTF8({ memo.values(of: UnsafeRawBufferPointer($0)) })
                {
                    for (o, (_, column)) in outputs.enumerated() { columns[column] = known[o] }
                    continue
                }
                let found = text.flatMap { DissectOperator.dissect($0, pattern) }
                for (name, column) in outputs { columns[column] = found?[name].map(Value.string) ?? .null }
            }
        }
        aggregate.push(
            key: { value(keys[$0], evaluator) },
            passes: { i in filters[i].map { evaluator.truth(value($0, evaluator)) == true } ?? true },
            argument: { i in arguments[i].map { value($0, evaluator) } ?? .null },
            time: { timeColumn.map { columns[$0] } })
    }
}
