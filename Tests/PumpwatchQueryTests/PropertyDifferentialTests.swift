import Foundation
import PropertyBased
import PumpwatchCQL
import PumpwatchCore
import PumpwatchESQL
import Testing

@testable import PumpwatchQuery

/// Random queries of both front ends, planned as the CLI plans them and run by `QueryExecutor`,
/// give row for row what `ReferenceEvaluator` computes from the same plan over the same events.
@Suite struct PropertyDifferentialTests {
    static let esqlCases = Generator<PropertyCase, Shrink.None<PropertyCase>>(run: { rng in
        var generator = PropertyESQLGenerator(seed: rng.next())
        return generator.generate()
    })

    static let cqlCases = Generator<PropertyCase, Shrink.None<PropertyCase>>(run: { rng in
        var generator = PropertyCQLGenerator(seed: rng.next())
        return generator.generate()
    })

    @Test func esqlResultsMatchTheReference() async {
        await propertyCheck(count: 200, input: Self.esqlCases) { check($0) }
    }

    @Test func cqlResultsMatchTheReference() async {
        await propertyCheck(count: 200, input: Self.cqlCases) { check($0) }
    }

    /// Plans and runs one case both ways and records the first difference.
    func check(_ c: PropertyCase, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let plan: LogicalPlan
        do throws(QueryError) {
            plan = c.dialect == .esql ? try ESQLFrontEnd.plan(c.query) : try CQLFrontEnd.plan(c.query)
        } catch {
            Issue.record("the generated query does not plan: \(error)\n\(c)", sourceLocation: sourceLocation)
            return
        }
        let executed = runPlan(plan, c.events, dialect: c.dialect).map { row in
            row.orderedPairs.filter { !$0.1.isNull }.map { (name: $0.0, value: $0.1) }
        }
        let expected: [ReferenceEvaluator.Row]
        do {
            let reference = ReferenceEvaluator(dialect: c.dialect, schema: c.schema)
            expected = try reference.run(plan, input: c.events).map { $0.filter { !$0.value.isNull } }
        } catch {
            Issue.record("\(error)\n\(c)\nplan:\n\(PlanPrinter.print(plan))", sourceLocation: sourceLocation)
            return
        }
        if let difference = PropertyDifferentialTests.difference(executed, expected, dialect: c.dialect) {
            Issue.record(
                "\(difference)\n\(c)\nplan:\n\(PlanPrinter.print(plan))\nexecutor:\n\(Self.show(executed))\nreference:\n\(Self.show(expected))",
                sourceLocation: sourceLocation)
        }
    }

    /// The first difference between two results, or nil when they agree.
    static func difference(_ actual: [ReferenceEvaluator.Row], _ expected: [ReferenceEvaluator.Row], dialect: Dialect) -> String? {
        for (i, (a, e)) in zip(actual, expected).enumerated() {
            // LogScale events have no column order; ES|QL rows have one.
            if dialect == .cql ? Set(a.map(\.name)) != Set(e.map(\.name)) : a.map(\.name) != e.map(\.name) {
                return "row \(i + 1): columns \(a.map(\.name)) instead of \(e.map(\.name))"
            }
            if dialect == .cql {
                let byName = Dictionary(a.map { ($0.name, $0.value) }, uniquingKeysWith: { x, _ in x })
                for y in e where !same(byName[y.name] ?? .null, y.value, dialect: dialect) {
                    return "row \(i + 1): \(y.name) is \(show(byName[y.name] ?? .null)) instead of \(show(y.value))"
                }
                continue
            }
            for (x, y) in zip(a, e) where !same(x.value, y.value, dialect: dialect) {
                return "row \(i + 1): \(x.name) is \(show(x.value)) instead of \(show(y.value))"
            }
        }
        if actual.count != expected.count { return "\(actual.count) rows instead of \(expected.count)" }
        return nil
    }

    /// Equal values: of one type in ES|QL (doubles within rounding); in CQL, where every value is
    /// text, the same number or the same text.
    static func same(_ a: Value, _ b: Value, dialect: Dialect) -> Bool {
        func close(_ x: Double, _ y: Double) -> Bool { x == y || abs(x - y) <= 1e-9 * max(abs(x), abs(y)) }
        if dialect == .cql {
            let reference = ReferenceEvaluator(dialect: .cql, schema: [])
            if let x = reference.number(a), let y = reference.number(b) { return close(x.value, y.value) }
            guard let s = reference.text(a), let t = reference.text(b) else { return ReferenceEvaluator.identical(a, b) }
            return s.utf8.elementsEqual(t.utf8)
        }
        if case .double(let x) = a, case .double(let y) = b { return close(x, y) }
        return ReferenceEvaluator.identical(a, b)
    }

    static func show(_ v: Value) -> String {
        switch v {
        case .string(let s): return JSONWriter.quote(s)
        case .int(let i): return "\(i) (long)"
        case .double(let d): return "\(d) (double)"
        case .date(let ms): return Timestamp.iso8601(millis: ms) + " (date)"
        default: return v.description
        }
    }

    static func show(_ rows: [ReferenceEvaluator.Row]) -> String {
        if rows.isEmpty { return "  (no rows)" }
        return rows.map { "  " + $0.map { "\($0.name)=\(show($0.value))" }.joined(separator: " ") }.joined(separator: "\n")
    }
}
