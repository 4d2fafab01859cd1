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
    /// When the chain has no steps and every key is an input column: those columns, in key order.
    /// Rows of groups seen before are then found from the keys' bytes (`push(input:text:...)`).
    /// (Buffers the chain owns, not arrays: reading them per row retains nothing.)
    private let keyInputs: UnsafeMutableBufferPointer<Int>?
    /// The key texts of the row being pushed (one per key), while `keyInputs` is set.
    private let keyTexts: UnsafeMutableBufferPointer<UnsafeRawBufferPointer>
    /// Input columns read by the aggregates' arguments and filters (or for `last`, the time).
    private let argumentInputs: UnsafeMutableBufferPointer<Int>
    /// Dissect results by text (values in output order), for texts that repeat (user agents).
    @exclusivity(unchecked) private var dissected: [String: [Value]] = [:]
    @exclusivity(unchecked) private var dissectLookups = 0
    @exclusivity(unchecked) private var dissectMisses = 0
    @exclusivity(unchecked) private var remembersDissects = true

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
        var keyColumns: [Int] = []
        for k in keys {
            if case .column(let c) = k, c < inputs.count { keyColumns.append(c) }
        }
        if steps.isEmpty && keyColumns.count == keys.count && !keys.isEmpty {
            let buffer = UnsafeMutableBufferPointer<Int>.allocate(capacity: keyColumns.count)
            _ = buffer.initialize(from: keyColumns)
            keyInputs = buffer
        } else {
            keyInputs = nil
        }
        keyTexts = .allocate(capacity: max(1, keys.count))
        keyTexts.initialize(repeating: UnsafeRawBufferPointer(start: nil, count: 0))
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
        keyInputs?.deallocate()
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

    /// Keeps a dissect result, in bounded memory, while texts repeat often enough to pay.
    private func remember(_ text: String, _ results: [Value]) {
        dissectMisses += 1
        dissectLookups += 1
        if dissectLookups >= 4096 {
            if dissectMisses * 2 > dissectLookups { remembersDissects = false }
            dissectLookups = 0
            dissectMisses = 0
        }
        if dissected.count >= 4096 { dissected.removeAll(keepingCapacity: true) }
        dissected[text] = results
    }

    /// Like `push(input:into:evaluator:)`; `texts[slots[i]]`, when its base address is not nil, is
    /// the UTF-8 of input column `i`, whose value is then a `.string` of that (plain ASCII) text.
    /// When every key has text, the group is found from the bytes and only the columns the
    /// aggregates' arguments read are asked of `input`.
    func push(
        input: (Int) -> Value?, texts: UnsafeBufferPointer<UnsafeRawBufferPointer>, slots: UnsafePointer<Int>,
        into aggregate: AggregateOperator, evaluator: ExpressionEvaluator
    ) {
        @inline(__always) func text(_ i: Int) -> UnsafeRawBufferPointer? {
            let t = texts[slots[i]]
            return t.baseAddress == nil ? nil : t
        }
        if let keyInputs {
            var all = true
            for k in 0..<keyInputs.count {
                guard let t = text(keyInputs[k]) else {
                    all = false
                    break
                }
                keyTexts[k] = t
            }
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
                        texts: UnsafeBufferPointer(keyTexts),
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
                        texts: UnsafeBufferPointer(keyTexts),
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
                // Only ASCII text: Swift's string keys treat canonically equal text as one, and the
                // pieces of one spelling are not the pieces of the other.
                let memoizable = remembersDissects && text.map { $0.utf8.allSatisfy { $0 < 0x80 } } == true
                if let text, memoizable, let known = dissected[text] {
                    dissectLookups += 1
                    for (k, (_, column)) in outputs.enumerated() { columns[column] = known[k] }
                    continue
                }
                let found = text.flatMap { DissectOperator.dissect($0, pattern) }
                var results: [Value] = []
                results.reserveCapacity(outputs.count)
                for (name, column) in outputs {
                    let v = found?[name].map(Value.string) ?? .null
                    columns[column] = v
                    results.append(v)
                }
                if let text, memoizable { remember(text, results) }
            }
        }
        aggregate.push(
            key: { value(keys[$0], evaluator) },
            passes: { i in filters[i].map { evaluator.truth(value($0, evaluator)) == true } ?? true },
            argument: { i in arguments[i].map { value($0, evaluator) } ?? .null },
            time: { timeColumn.map { columns[$0] } })
    }
}
