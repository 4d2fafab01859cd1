import PumpwatchQuery

/// The ES|QL functions pumpwatch runs, mapped to the plan's canonical names.
enum ESQLFunctions {
    /// A scalar function: its canonical name and how many arguments it takes.
    struct Scalar {
        var canonical: String
        var minimum: Int
        var maximum: Int

        init(_ canonical: String, _ minimum: Int, _ maximum: Int? = nil) {
            self.canonical = canonical
            self.minimum = minimum
            self.maximum = maximum ?? minimum
        }
    }

    static let variadic = Int.max

    /// Scalar functions by lower-case ES|QL name. `CASE` and `BUCKET` are lowered separately.
    static let scalars: [String: Scalar] = [
        "now": Scalar("now", 0),
        "date_trunc": Scalar("date_trunc", 2),
        "date_diff": Scalar("date_diff", 3),
        "date_format": Scalar("date_format", 1, 2),
        "date_extract": Scalar("date_extract", 2),
        "coalesce": Scalar("coalesce", 1, variadic),
        "to_lower": Scalar("lower", 1),
        "to_upper": Scalar("upper", 1),
        "to_string": Scalar("to_string", 1),
        "to_str": Scalar("to_string", 1),
        "to_long": Scalar("to_long", 1),
        "to_integer": Scalar("to_long", 1),
        "to_int": Scalar("to_long", 1),
        "to_double": Scalar("to_double", 1),
        "to_dbl": Scalar("to_double", 1),
        "to_boolean": Scalar("to_boolean", 1),
        "to_bool": Scalar("to_boolean", 1),
        "to_datetime": Scalar("to_datetime", 1),
        "to_dt": Scalar("to_datetime", 1),
        "to_ip": Scalar("to_ip", 1),
        "replace": Scalar("replace", 3),
        "starts_with": Scalar("starts_with", 2),
        "ends_with": Scalar("ends_with", 2),
        "concat": Scalar("concat", 2, variadic),
        "length": Scalar("length", 1),
        "substring": Scalar("substring", 2, 3),
        "split": Scalar("split", 2),
        "trim": Scalar("trim", 1),
        "cidr_match": Scalar("cidr_match", 2, variadic),
        "mv_first": Scalar("mv_first", 1),
        "mv_last": Scalar("mv_last", 1),
        "mv_count": Scalar("mv_count", 1),
        "mv_min": Scalar("mv_min", 1),
        "mv_max": Scalar("mv_max", 1),
        "mv_dedupe": Scalar("mv_dedupe", 1),
        "mv_concat": Scalar("mv_concat", 2),
        "abs": Scalar("abs", 1),
        "round": Scalar("round", 1, 2),
        "floor": Scalar("floor", 1),
        "ceil": Scalar("ceil", 1),
        "greatest": Scalar("greatest", 1, variadic),
        "least": Scalar("least", 1, variadic),
        "ip_prefix": Scalar("ip_prefix", 3),
    ]

    /// Aggregate functions by lower-case ES|QL name.
    static let aggregates: [String: AggregateFunction] = [
        "count": .count,
        "count_distinct": .countDistinct,
        "sum": .sum,
        "avg": .avg,
        "min": .min,
        "max": .max,
        "values": .values,
    ]

    /// ES|QL aggregate functions pumpwatch does not implement.
    static let unsupportedAggregates: Set<String> = [
        "median", "median_absolute_deviation", "percentile", "st_centroid_agg", "st_extent_agg", "std_dev",
        "variance", "top", "weighted_avg", "sample", "first", "last", "rate", "irate", "idelta", "increase", "delta",
        "avg_over_time", "count_over_time", "count_distinct_over_time", "sum_over_time", "max_over_time",
        "min_over_time", "first_over_time", "last_over_time", "present", "absent",
    ]

    static func isAggregate(_ name: String) -> Bool {
        let lower = name.lowercased()
        return aggregates[lower] != nil || unsupportedAggregates.contains(lower)
    }

    /// "1 argument", "2 or 3 arguments", "at least 2 arguments".
    static func arityText(_ s: Scalar) -> String {
        func n(_ k: Int) -> String { k == 1 ? "1 argument" : "\(k) arguments" }
        if s.minimum == s.maximum { return n(s.minimum) }
        if s.maximum == variadic { return "at least \(n(s.minimum))" }
        return "\(s.minimum) to \(n(s.maximum))"
    }
}
