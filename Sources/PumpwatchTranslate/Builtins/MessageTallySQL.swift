/// `MessageTally` in SQL: texts counted per log, so that one text seen in two logs of a provider
/// counts once (`max(twilio messages, twilio events) + twilio verify + max(cloudtrail, sns delivery)`).
///
/// A tally is the columns `tm` (twilio-messages), `te` (twilio-events), `tv` (twilio-verify),
/// `sa` (cloudtrail), `sd` (sns-delivery) and the costs `tm_cost`, `te_cost`, `sd_cost`.
enum MessageTallySQL {
    static let counts = ["tm", "te", "tv", "sa", "sd"]
    static let costs = ["tm_cost", "te_cost", "sd_cost"]
    static let columns = counts + costs

    private static let views = ["tm": "twilio-messages", "te": "twilio-events", "tv": "twilio-verify", "sa": "cloudtrail", "sd": "sns-delivery"]

    /// The aggregates that tally the rows of `outbound_messages` in a group.
    static let aggregates: String = {
        let n = counts.map { "sum(CASE WHEN view = '\(views[$0]!)' THEN 1 ELSE 0 END) AS \($0)" }
        let c = ["tm", "te", "sd"].map { "sum(CASE WHEN view = '\(views[$0]!)' THEN coalesce(price, 0) ELSE 0 END) AS \($0)_cost" }
        return (n + c).joined(separator: ", ")
    }()

    /// The sums of tally columns over a group, optionally with a prefix on the inputs and outputs.
    static func sums(_ input: String = "", as output: String = "") -> String {
        columns.map { "sum(\(input)\($0)) AS \(output)\($0)" }.joined(separator: ", ")
    }

    /// The number of distinct texts of a tally whose columns carry `prefix`.
    static func total(_ prefix: String = "") -> String {
        "(greatest(\(prefix)tm, \(prefix)te) + \(prefix)tv + greatest(\(prefix)sa, \(prefix)sd))"
    }

    /// The Twilio and the SNS part of the total.
    static func twilio(_ prefix: String = "") -> String { "(greatest(\(prefix)tm, \(prefix)te) + \(prefix)tv)" }
    static func sns(_ prefix: String = "") -> String { "greatest(\(prefix)sa, \(prefix)sd)" }

    /// What the texts cost.
    static func cost(_ prefix: String = "") -> String {
        "(greatest(\(prefix)tm_cost, \(prefix)te_cost) + \(prefix)sd_cost)"
    }

    /// The logs that reported texts, as a list of their names.
    static func logs(_ prefix: String = "", _ d: BuiltinSQLDialect) -> String {
        let items = counts.map { "CASE WHEN \(prefix)\($0) > 0 THEN '\(views[$0]!)' END" }
        if d.isSpark { return "filter(array(\(items.joined(separator: ", "))), x -> x IS NOT NULL)" }
        return "list_filter([\(items.joined(separator: ", "))], lambda x: x IS NOT NULL)"
    }
}
