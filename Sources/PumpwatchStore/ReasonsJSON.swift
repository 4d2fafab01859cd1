import PumpwatchCore
import PumpwatchGuard

/// How the stores keep a decision's reasons: a JSON array of `{signal, detail, value, threshold, score}`.
enum ReasonsJSON {
    static func encode(_ reasons: [Reason]) -> String {
        var json = JSONBytes(capacity: 64 + reasons.count * 128)
        json.reasons(reasons)
        return json.text
    }

    /// The reasons in `text`; an empty list when it is not a JSON array.
    static func decode(_ text: String) -> [Reason] {
        guard let value = try? JSONParser.parse(text), let items = value.arrayElements else { return [] }
        return items.map { item in
            Reason(
                signal: item["signal"]?.string ?? "", detail: item["detail"]?.string ?? "", value: double(item["value"]) ?? 0,
                threshold: double(item["threshold"]), score: Int(double(item["score"]) ?? 0))
        }
    }

    static func double(_ v: JSONValue?) -> Double? {
        switch v {
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        default: return nil
        }
    }
}
