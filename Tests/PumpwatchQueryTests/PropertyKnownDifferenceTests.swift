import PumpwatchCore
import PumpwatchQuery
import Testing

/// One reproduction per `PropertyKnownDifference`, run through the same differential check as the
/// random properties. Each is a known issue while the executor differs; once it is fixed, the known
/// issue is no longer recorded, this test fails, and the case is removed from the list.
@Suite struct PropertyKnownDifferenceTests {
    private let differential = PropertyDifferentialTests()

    private func esql(_ query: String, _ events: [[String: Value]]) -> PropertyCase {
        PropertyCase(dialect: .esql, query: query, events: events, schema: PropertyESQLGenerator.fields.map(\.0))
    }

    @Test func renameOfASourceColumn() {
        let events: [[String: Value]] = [
            ["@timestamp": .date(PropertyESQLGenerator.baseMillis), "source.bytes": .int(5), "event.duration": .double(1.5)],
            ["@timestamp": .date(PropertyESQLGenerator.baseMillis), "source.bytes": .int(7)],
        ]
        withKnownIssue("RENAME of a FROM column: alphabetical place, and the old target value kept where the column is null") {
            differential.check(esql("FROM logs-* | RENAME event.duration AS source.bytes", events))
        }
    }

    @Test func stringsCompareAsGraphemes() {
        let decomposed: [[String: Value]] = [["@timestamp": .date(PropertyESQLGenerator.baseMillis), "user.name": .string("cafe\u{301}")]]
        withKnownIssue("text compared and counted as grapheme clusters, not code points and bytes") {
            differential.check(esql("FROM logs-* | EVAL n = LENGTH(user.name) | KEEP user.name, n", decomposed))
            differential.check(esql(#"FROM logs-* | WHERE user.name LIKE "caf?""#, decomposed))
            differential.check(esql(#"FROM logs-* | WHERE user.name == "caf\#u{E9}""#, decomposed))
        }
    }

    @Test func cqlOrdersTextLexically() {
        let events: [[String: Value]] = [["ComputerName": .string("WEB-01"), "RemotePort": .string("0x1bb"), "aid": .string("a1")]]
        withKnownIssue("CQL comparisons of text that is not a number") {
            differential.check(PropertyCase(dialect: .cql, query: "ComputerName > 5", events: events, schema: []))
            differential.check(PropertyCase(dialect: .cql, query: "RemotePort <= 100", events: events, schema: []))
            differential.check(PropertyCase(dialect: .cql, query: #"x := if(aid > 0, then="big", else="small")"#, events: events, schema: []))
        }
    }

    @Test func everyKnownDifferenceHasAReproduction() {
        #expect(Set(PropertyKnownDifference.allCases.map(\.rawValue)) == ["renameOfASourceColumn", "stringsCompareAsGraphemes", "cqlOrdersTextLexically"])
    }
}
