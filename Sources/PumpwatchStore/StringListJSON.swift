import PumpwatchCore

/// How the stores keep a list of strings (ATT&CK ids, sources) in one text column: a JSON array.
enum StringListJSON {
    static func encode(_ list: [String]) -> String {
        var json = JSONBytes(capacity: 16 + list.count * 24)
        json.raw("[")
        for (i, s) in list.enumerated() {
            if i > 0 { json.raw(",") }
            json.string(s)
        }
        json.raw("]")
        return json.text
    }

    /// The list in `text`; `nil` when it is not a JSON array of strings.
    static func decode(_ text: String) -> [String]? {
        guard let value = try? JSONParser.parse(text), let items = value.arrayElements else { return nil }
        var list: [String] = []
        list.reserveCapacity(items.count)
        for item in items {
            guard let s = item.string else { return nil }
            list.append(s)
        }
        return list
    }
}
