import Foundation

/// What normal traffic looks like.
///
/// Learnt from historical logs by `BaselineBuilder` and saved as JSON: the countries codes went to,
/// their conversion and volumes, and the conversion of the busiest number prefixes. The guard
/// starts warm from it: `new-country`, the conversion thresholds and the spend budgets read it.
public struct GuardBaseline: Sendable, Codable, Equatable {
    public var version = 1
    /// The period learnt from, ISO 8601.
    public var start: String
    public var end: String
    /// The period's length in days (at least one).
    public var days: Double
    public var sends: Int
    public var verified: Int
    /// False when the logs held no verifications.
    ///
    /// Twilio messages or SNS logs alone have none, so the conversion figures are unknown rather
    /// than zero.
    public var hasVerifications: Bool
    /// National digits after the calling code in each prefix (`+44` `77` with 2).
    public var prefixDigits: Int
    /// Per destination country (`GB`, `+881`).
    public var countries: [String: CountryBaseline]
    /// Per prefix (`+4477`), for prefixes with enough sends, busiest first up to a bound.
    public var prefixes: [String: PrefixBaseline]
    /// Records read per input format.
    public var sources: [String: Int]

    public init(start: String, end: String, days: Double, sends: Int, verified: Int, hasVerifications: Bool, prefixDigits: Int,
                countries: [String: CountryBaseline], prefixes: [String: PrefixBaseline], sources: [String: Int]) {
        self.start = start
        self.end = end
        self.days = days
        self.sends = sends
        self.verified = verified
        self.hasVerifications = hasVerifications
        self.prefixDigits = prefixDigits
        self.countries = countries
        self.prefixes = prefixes
        self.sources = sources
    }

    /// One country's normal traffic.
    public struct CountryBaseline: Sendable, Codable, Equatable {
        public var sends: Int
        public var verified: Int
        /// Verified per sent, when the logs had verifications and enough sends.
        public var conversion: Double?
        public var dailySendsMean: Double
        public var dailySendsMax: Int
        /// The most codes verified in one day (`nil` without verifications).
        public var dailyVerifiedMax: Int?
        /// The 95th percentile of hourly sends over hours with any.
        public var hourlySendsP95: Int

        public init(sends: Int, verified: Int, conversion: Double?, dailySendsMean: Double, dailySendsMax: Int, dailyVerifiedMax: Int?, hourlySendsP95: Int) {
            self.sends = sends
            self.verified = verified
            self.conversion = conversion
            self.dailySendsMean = dailySendsMean
            self.dailySendsMax = dailySendsMax
            self.dailyVerifiedMax = dailyVerifiedMax
            self.hourlySendsP95 = hourlySendsP95
        }

        enum CodingKeys: String, CodingKey {
            case sends, verified, conversion
            case dailySendsMean = "daily_sends_mean"
            case dailySendsMax = "daily_sends_max"
            case dailyVerifiedMax = "daily_verified_max"
            case hourlySendsP95 = "hourly_sends_p95"
        }
    }

    /// One prefix's conversion.
    public struct PrefixBaseline: Sendable, Codable, Equatable {
        public var sends: Int
        public var verified: Int
        public var conversion: Double?

        public init(sends: Int, verified: Int, conversion: Double?) {
            self.sends = sends
            self.verified = verified
            self.conversion = conversion
        }
    }

    enum CodingKeys: String, CodingKey {
        case version, start, end, days, sends, verified
        case hasVerifications = "has_verifications"
        case prefixDigits = "prefix_digits"
        case countries, prefixes, sources
    }

    /// The baseline in the JSON file at `path`.
    public static func load(path: String) throws(BaselineError) -> GuardBaseline {
        guard let data = FileManager.default.contents(atPath: path) else { throw BaselineError(path: path, reason: "cannot read the baseline file") }
        do {
            let b = try JSONDecoder().decode(GuardBaseline.self, from: data)
            guard b.version == 1 else { throw BaselineError(path: path, reason: "baseline version \(b.version) is not supported (expected 1)") }
            return b
        } catch let e as BaselineError {
            throw e
        } catch let DecodingError.keyNotFound(key, context) {
            throw BaselineError(path: path, reason: "missing key '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'")
        } catch let DecodingError.typeMismatch(_, context) {
            throw BaselineError(path: path, reason: "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))': \(context.debugDescription)")
        } catch {
            throw BaselineError(path: path, reason: "not a baseline JSON file: \(error)")
        }
    }

    /// The baseline as pretty-printed JSON with sorted keys.
    public func jsonData() -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? e.encode(self)) ?? Data()
    }
}
