import PumpwatchCore
import PumpwatchDetect
@testable import PumpwatchOutput

/// Realistic findings from an SMS pumping campaign, for the formatter tests and the sample report.
enum SampleFindings {
    static func t(_ iso: String) -> Int64 { Timestamp.parse(iso)! }

    /// A Falcon host that looked up api.twilio.com 1200 times in 42 minutes (the LogScale rule).
    static let falconHost = Finding(
        ruleID: "logscale-sms-pumping", title: "Host contacting SMS APIs far above its baseline",
        severity: .critical, riskScore: 99, attack: ["T1496.003"],
        firstSeen: t("2026-11-22T10:00:00Z"), lastSeen: t("2026-11-22T10:42:00Z"), count: 1200,
        entities: [("ComputerName", .string("WEB-07")), ("aid", .string("8c1f3e2a9b7d4c6e8f0a1b2c3d4e5f60"))],
        evidence: [("DomainName", .string("api.twilio.com")), ("EventCount", .int(1200)), ("threshold", .int(100)), ("baseline_per_hour", .double(3.5))],
        fields: [("DetectionBranch", .string("DNS")), ("RiskScore", .string("Critical")), ("EventCount", .string("1200"))],
        sources: ["logs/falcon/dns-2026-11-22.json.gz"],
        summary: "Host WEB-07 (aid 8c1f3e2a9b7d4c6e8f0a1b2c3d4e5f60) resolved api.twilio.com 1200 times in 42 minutes, 343 times its hourly baseline of 3.5.")

    /// Sequential destinations inside one Sierra Leone block.
    static let sequentialBlock = Finding(
        ruleID: "sequential-destinations", title: "Sequential numbers in one block",
        severity: .critical, riskScore: 95, attack: ["T1496.003"],
        firstSeen: t("2026-11-22T10:05:12Z"), lastSeen: t("2026-11-22T10:45:40Z"), count: 450,
        entities: [("block", .string("+2327612345xx")), ("country", .string("SL"))],
        evidence: [
            ("distinct_numbers", .int(62)), ("longest_run", .int(41)),
            ("sample_numbers", .array((0..<16).map { .string("+2327612345\(String(format2: $0 + 12))") })),
            ("cost_usd", .double(18.6)), ("window", .string("40m")),
        ],
        sources: ["logs/sns/delivery-2026-11-22.ndjson", "logs/twilio/messages.csv"],
        summary: "62 distinct numbers in block +2327612345xx (Sierra Leone) received 450 messages in 40 minutes; the longest consecutive run is 41 numbers; cost USD 18.60.")

    /// Fifteen SNS publishes to one number in five seconds (the seed's Test 1).
    static let snsBurst = Finding(
        ruleID: "repeated-destination", title: "One number received a burst of SMS",
        severity: .high, riskScore: 82, attack: ["T1496.003"],
        firstSeen: t("2026-11-22T09:58:00Z"), lastSeen: t("2026-11-22T09:58:05Z"), count: 15,
        entities: [("destination", .string("+15550001234")), ("aws.cloudtrail.user_identity.arn", .string("arn:aws:iam::123456789012:role/app-notifier")), ("source.ip", .string("198.51.100.23"))],
        evidence: [("messages", .int(15)), ("window", .string("5s")), ("threshold", .int(10)), ("user_agent", .string("aws-cli/2.15.0 Python/3.11.6 Linux/6.1"))],
        sources: ["logs/cloudtrail/123456789012_CloudTrail_us-east-1_20261122T0955Z.json.gz"],
        summary: "15 SNS Publish calls sent SMS to +15550001234 in 5 seconds from arn:aws:iam::123456789012:role/app-notifier (threshold 10 in 10 seconds).")

    /// An OTP endpoint flood from one client IP, most of it throttled.
    static let otpFlood = Finding(
        ruleID: "otp-request-flood", title: "OTP request flood from one client",
        severity: .high, riskScore: 73, attack: ["T1496.003", "T1499.003"],
        firstSeen: t("2026-11-22T10:10:00Z"), lastSeen: t("2026-11-22T10:19:30Z"), count: 340,
        entities: [("source.ip", .string("203.0.113.77")), ("url.path", .string("/api/v1/send-otp"))],
        evidence: [("requests", .int(340)), ("status_429", .int(211)), ("throttled_share", .double(0.62)), ("distinct_numbers", .int(298)), ("window", .string("10m"))],
        sources: ["logs/nginx/access.log", "logs/nginx/access.log.1"],
        summary: "203.0.113.77 requested /api/v1/send-otp 340 times in 10 minutes for 298 different numbers; 62% were throttled with HTTP 429.")

    /// A first destination country never seen in the baseline.
    static let newCountry = Finding(
        ruleID: "new-destination-country", title: "Messages to a country never seen before",
        severity: .medium, attack: ["T1496.003"],
        firstSeen: t("2026-11-22T10:05:12Z"), lastSeen: t("2026-11-22T11:02:00Z"), count: 512,
        entities: [("country", .string("SL"))],
        evidence: [("baseline_days", .int(7)), ("top_prefixes", .array([.string("+23276"), .string("+23277")]))],
        sources: ["logs/sns/delivery-2026-11-22.ndjson"],
        summary: "512 messages went to Sierra Leone (+232), a country with no traffic in the 7-day baseline.")

    static let all = [falconHost, sequentialBlock, snsBurst, otpFlood, newCountry]

    static let summary = HuntSummary(
        filesRead: 14,
        eventsByFormat: [.cloudtrail: 48_210, .falcon: 120_344, .snsDelivery: 3_120, .webAccess: 88_012, .twilioMessages: 904],
        malformed: 3, rulesRun: 14, findingsBySeverity: HuntSummary.severityCounts(all),
        suppressedByKind: ["ComputerName": 2, "ip": 1],
        firstEvent: t("2026-11-15T00:00:00Z"), lastEvent: t("2026-11-22T23:59:00Z"), elapsedSeconds: 2.43)

    /// Minute buckets for the findings that have them; the block finding has none, so its card
    /// shows its span on the hunt's time axis.
    static var timelines: [String: [(Int64, Int)]] {
        var out: [String: [(Int64, Int)]] = [:]
        let start = t("2026-11-22T10:00:00Z")
        var host: [(Int64, Int)] = []
        for m in 0..<43 {
            let count: Int = m < 5 ? 8 + m * 4 : 25 + (m * 7) % 13
            host.append((start + Int64(m) * 60_000, count))
        }
        out[HTMLReport.timelineKey(for: falconHost)] = host
        let burst = t("2026-11-22T09:58:00Z")
        out[HTMLReport.timelineKey(for: snsBurst)] = zip(0..<6, [3, 2, 4, 2, 3, 1]).map { (s: Int, n: Int) -> (Int64, Int) in (burst + Int64(s) * 1000, n) }
        let flood = t("2026-11-22T10:10:00Z")
        out[HTMLReport.timelineKey(for: otpFlood)] = zip(0..<10, [12, 30, 41, 38, 44, 36, 40, 35, 33, 31]).map { (m: Int, n: Int) -> (Int64, Int) in (flood + Int64(m) * 60_000, n) }
        return out
    }
}

extension String {
    init(format2 n: Int) {
        self = n < 10 ? "0\(n)" : "\(n)"
    }
}
