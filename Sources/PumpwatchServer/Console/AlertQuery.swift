import PumpwatchCore
import PumpwatchStore

/// Reads the filter of an alert listing from text parameters, as `GET /v1/alerts` and
/// `pumpwatch alerts list` take them: `since`, `severity` (a minimum), `rule`, `state` and `limit`.
///
/// ```swift
/// let filter = try AlertQuery.filter([("since", "24h"), ("severity", "high")], now: nowMillis)
/// ```
public enum AlertQuery {
    /// The longest note a state change takes, in characters.
    public static let noteLimit = 2000

    /// The parameters a listing accepts.
    public static let parameterNames = ["since", "severity", "rule", "state", "limit"]

    /// The filter given by `parameters`, in any order; a repeated parameter keeps its last value.
    /// `now` (epoch milliseconds) anchors relative times such as `24h`.
    public static func filter(_ parameters: [(String, String)], now: Int64) throws(AlertQueryError) -> AlertFilter {
        var filter = AlertFilter()
        for (name, value) in parameters {
            switch name {
            case "since": filter.since = try time(value, parameter: "since", now: now)
            case "severity": filter.minimumSeverity = try severity(value)
            case "rule":
                guard !value.isEmpty, value.count <= 200 else {
                    throw AlertQueryError(parameter: "rule", message: "rule: expected a rule id such as repeated-destination")
                }
                filter.rule = value
            case "state": filter.state = try state(value)
            case "limit":
                guard let n = Int(value), (1...AlertFilter.maximumLimit).contains(n) else {
                    throw AlertQueryError(
                        parameter: "limit", message: "limit: expected a whole number from 1 to \(AlertFilter.maximumLimit), found '\(value.prefix(40))'")
                }
                filter.limit = n
            default:
                let shown = String(name.prefix(40))
                throw AlertQueryError(
                    parameter: shown, message: "unknown parameter '\(shown)'; expected \(parameterNames.joined(separator: ", "))")
            }
        }
        return filter
    }

    /// A time as ISO 8601 (`2026-11-27T10:00:00Z`), epoch seconds or milliseconds, or a duration
    /// before `now` (`90s`, `15m`, `24h`, `7d`).
    public static func time(_ text: String, parameter: String, now: Int64) throws(AlertQueryError) -> Int64 {
        if let unit = text.last, "smhd".contains(unit), let n = Int64(text.dropLast()), n >= 0 {
            let factor: Int64 = unit == "s" ? 1000 : unit == "m" ? 60_000 : unit == "h" ? 3_600_000 : 86_400_000
            let (product, overflow) = n.multipliedReportingOverflow(by: factor)
            if !overflow { return now - product }
        }
        guard let t = Timestamp.parse(text) else {
            throw AlertQueryError(
                parameter: parameter,
                message: "\(parameter): expected an ISO 8601 time, epoch seconds or milliseconds, or a duration ago such as 24h or 7d, found '\(text.prefix(40))'")
        }
        return t
    }

    /// A severity name, lowercased: `info`, `low`, `medium`, `high` or `critical`.
    public static func severity(_ text: String) throws(AlertQueryError) -> String {
        guard AlertSeverity.rank(of: text) != nil else {
            throw AlertQueryError(
                parameter: "severity",
                message: "severity: expected one of \(AlertSeverity.ordered.joined(separator: ", ")), found '\(text.prefix(40))'")
        }
        return text.lowercased()
    }

    /// A triage state: `open`, `acknowledged` or `resolved`.
    public static func state(_ text: String) throws(AlertQueryError) -> AlertState {
        guard let state = AlertState(rawValue: text.lowercased()) else {
            throw AlertQueryError(parameter: "state", message: "state: expected open, acknowledged or resolved, found '\(text.prefix(40))'")
        }
        return state
    }
}
