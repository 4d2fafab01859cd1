import PumpwatchCore
import XCTest

/// Looks up `a.b[0].c` in a parsed JSON document; keys that hold dots are reached with `keys:`.
func json(_ v: JSONValue?, _ path: String) -> JSONValue? {
    var parts: [String] = []
    for segment in path.split(separator: ".") {
        var s = Substring(segment)
        if let bracket = s.firstIndex(of: "[") {
            if bracket > s.startIndex { parts.append(String(s[..<bracket])) }
            s = s[bracket...]
            while s.hasPrefix("["), let close = s.firstIndex(of: "]") {
                parts.append(String(s[s.startIndex..<close]) + "]")
                s = s[s.index(after: close)...]
            }
        } else {
            parts.append(String(s))
        }
    }
    return json(v, keys: parts)
}

/// Looks up a sequence of keys; `[N]` indexes an array.
func json(_ v: JSONValue?, keys: [String]) -> JSONValue? {
    var cur = v
    for k in keys {
        if k.hasPrefix("["), k.hasSuffix("]"), let i = Int(k.dropFirst().dropLast()) {
            guard let a = cur?.arrayElements, i < a.count else { return nil }
            cur = a[i]
        } else {
            cur = cur?[k]
        }
    }
    return cur
}

/// Parses each non-empty line as a JSON document.
func parseLines(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [JSONValue] {
    try text.split(separator: "\n").map { l in
        do { return try JSONParser.parse(String(l)) } catch {
            XCTFail("not JSON: \(error): \(l.prefix(200))", file: file, line: line)
            throw error
        }
    }
}

extension JSONValue {
    var int: Int64? { if case .int(let i) = self { return i } else { return nil } }
    var keys: [String] { objectMembers?.map(\.0) ?? [] }
}
