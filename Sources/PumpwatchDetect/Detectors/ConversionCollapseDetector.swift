import PumpwatchCore

/// Finds one-time codes that are sent but no longer entered (`conversion-collapse`): the share of
/// verifications falls far below its baseline, the most reliable sign of pumping, since the
/// numbers receiving the codes belong to no one who wants them.
///
/// Flows, where the data holds both halves:
/// - `twilio-verify`: Verify `verification.pending` (a code sent) and `verification.approved`;
/// - `cognito-signup`: `SignUp` and `ResendConfirmationCode` against `ConfirmSignUp`;
/// - `cognito-forgot-password`: `ForgotPassword` (not by email) against `ConfirmForgotPassword`;
/// - `app-otp`: successful requests to `send_paths` against successful requests to `verify_paths`
///   (web access log or Application Insights, whichever saw more).
///
/// A flow fires when, over the detection window or in any of its hours, `min_sent` or more codes
/// went out and the verified share is below `relative_threshold` times the baseline's share and
/// below `max_ratio`. The baseline needs `min_baseline_sent` codes.
///
/// Parameters: `min_sent` (20), `min_baseline_sent` (20), `relative_threshold` (0.3),
/// `max_ratio` (0.5), `send_paths`, `verify_paths`.
public final class ConversionCollapseDetector: Detector {
    public static let name = "conversion-collapse"

    public static let defaultSendPaths = ["/send-otp", "/otp/send", "/send-code", "/resend-otp", "/verify/start", "/sms/send"]
    public static let defaultVerifyPaths = ["/verify-otp", "/otp/verify", "/verify-code", "/verify/check", "/confirm-otp", "/otp/check"]

    private let rule: Rule
    private let minSent: Int
    private let minBaselineSent: Int
    private let relativeThreshold: Double
    private let maxRatio: Double
    private let sendPaths: [String]
    private let verifyPaths: [String]
    private let files: SourceFiles
    private var clock: DetectionClock
    private var tallies = BucketedTallies<String, ConversionTally>(width: Bucketing.hour)

    public init(rule: Rule, context: DetectionContext) throws(RuleError) {
        self.rule = rule
        files = SourceFiles()
        let p = rule.parameters
        minSent = try p.int("min_sent", default: 20)
        minBaselineSent = try p.int("min_baseline_sent", default: 20)
        relativeThreshold = try p.double("relative_threshold", default: 0.3)
        maxRatio = try p.double("max_ratio", default: 0.5)
        sendPaths = try p.strings("send_paths", default: Self.defaultSendPaths).map { $0.lowercased() }
        verifyPaths = try p.strings("verify_paths", default: Self.defaultVerifyPaths).map { $0.lowercased() }
        guard minSent >= 1, minBaselineSent >= 1 else { throw RuleError(key: minSent < 1 ? "min_sent" : "min_baseline_sent", reason: "must be at least 1") }
        guard relativeThreshold > 0, relativeThreshold <= 1 else { throw RuleError(key: "relative_threshold", reason: "must be above 0 and at most 1, found \(relativeThreshold)") }
        guard maxRatio > 0, maxRatio <= 1 else { throw RuleError(key: "max_ratio", reason: "must be above 0 and at most 1, found \(maxRatio)") }
        guard !sendPaths.isEmpty, !verifyPaths.isEmpty, !sendPaths.contains(""), !verifyPaths.contains("") else {
            throw RuleError(key: sendPaths.isEmpty || sendPaths.contains("") ? "send_paths" : "verify_paths", reason: "name at least one non-empty path fragment")
        }
        clock = DetectionClock(context: context)
    }

    /// A detector with `other`'s configuration and a copy of its state.
    private init(copying other: ConversionCollapseDetector) {
        rule = other.rule
        minSent = other.minSent
        minBaselineSent = other.minBaselineSent
        relativeThreshold = other.relativeThreshold
        maxRatio = other.maxRatio
        sendPaths = other.sendPaths
        verifyPaths = other.verifyPaths
        files = other.files.copy()
        clock = other.clock
        tallies = other.tallies
    }

    public func copy() -> ConversionCollapseDetector {
        ConversionCollapseDetector(copying: self)
    }

    public var formats: Set<SourceFormat> { [.twilioEvents, .cloudtrail, .webAccess, .appRequests, .ndjson] }
    public var fields: FieldProjection {
        FieldProjection(names: [
            "@timestamp", "event.dataset", "event.provider", "event.action", "event.outcome", "aws.cloudtrail.error_code",
            "aws.cloudtrail.flattened.response_elements.codeDeliveryDetails.deliveryMedium", "url.path", "http.response.status_code",
        ])
    }

    /// A code sent or verified, in one flow, seen in one log.
    private func step(_ e: Event) -> (flow: String, sent: Bool, view: SMSAPICall.CallView)? {
        switch e["event.dataset"]?.stringValue {
        case "twilio.events":
            switch e["event.action"]?.stringValue {
            case "com.twilio.accountsecurity.verify.verification.pending": return ("twilio-verify", true, .api)
            case "com.twilio.accountsecurity.verify.verification.approved": return ("twilio-verify", false, .api)
            default: return nil
            }
        case "aws.cloudtrail":
            guard e["event.provider"]?.stringValue == "cognito-idp.amazonaws.com", e["aws.cloudtrail.error_code"] == nil,
                e["event.outcome"]?.stringValue != "failure"
            else { return nil }
            switch e["event.action"]?.stringValue {
            case "SignUp", "ResendConfirmationCode": return ("cognito-signup", true, .api)
            case "ConfirmSignUp": return ("cognito-signup", false, .api)
            case "ForgotPassword":
                if e["aws.cloudtrail.flattened.response_elements.codeDeliveryDetails.deliveryMedium"]?.stringValue == "EMAIL" { return nil }
                return ("cognito-forgot-password", true, .api)
            case "ConfirmForgotPassword": return ("cognito-forgot-password", false, .api)
            default: return nil
            }
        case let d where d == "web.access" || d == "azure.app_requests":
            guard let path = e["url.path"]?.stringValue, let status = e["http.response.status_code"]?.intValue, (200..<300).contains(status) else { return nil }
            let view: SMSAPICall.CallView = d == "web.access" ? .web : .app
            if SMSAPICall.matches(path, verifyPaths) { return ("app-otp", false, view) }
            if SMSAPICall.matches(path, sendPaths) { return ("app-otp", true, view) }
            return nil
        default:
            return nil
        }
    }

    public func observe(_ observed: ObservedEvent) {
        let event = observed.event
        // Every event moves the data's end, which ends the detection window.
        if let t = event.timestampMillis, clock.isWithinEnd(t) { clock.observe(t) }
        guard let time = event.timestampMillis, clock.isWithinEnd(time), let s = step(event) else { return }
        tallies.add(s.flow, at: time, ConversionTally(sent: s.sent, view: s.view), file: files.id(event.origin.file))
    }

    public func finish() -> [Finding] {
        let detection = clock.buckets(in: .detection)
        let baseline = clock.buckets(in: .baseline)
        guard !detection.isEmpty else { return [] }
        var findings: [Finding] = []
        for flow in tallies.keys.sorted() {
            let before = tallies.sum(flow, over: baseline)
            guard before.sent >= minBaselineSent, before.verified > 0 else { continue }
            let baseRatio = before.ratio
            let limit = min(maxRatio, relativeThreshold * baseRatio)
            let now = tallies.sum(flow, over: detection)
            let hours = tallies.series(flow, over: detection)
            var worst: (bucket: Int64, tally: ConversionTally)?
            for (b, t) in zip(detection, hours) where t.sent >= minSent && t.ratio < limit {
                if worst == nil || t.ratio < worst!.tally.ratio || (t.ratio == worst!.tally.ratio && t.sent > worst!.tally.sent) { worst = (b, t) }
            }
            let windowFires = now.sent >= minSent && now.ratio < limit
            guard windowFires || worst != nil else { continue }
            let active = zip(detection, hours).filter { $0.1.sent > 0 }
            var collapsedHours = 0
            for (_, t) in active where t.sent >= 3 && t.ratio < limit { collapsedHours += 1 }
            var evidence: [(String, Value)] = [
                ("sent", .int(Int64(now.sent))),
                ("verified", .int(Int64(now.verified))),
                ("ratio", .double(Statistics.rounded(now.ratio, 3))),
                ("baseline_sent", .int(Int64(before.sent))),
                ("baseline_verified", .int(Int64(before.verified))),
                ("baseline_ratio", .double(Statistics.rounded(baseRatio, 3))),
                ("threshold_ratio", .double(Statistics.rounded(limit, 3))),
                ("relative_threshold", .double(relativeThreshold)),
                ("max_ratio", .double(maxRatio)),
                ("min_sent", .int(Int64(minSent))),
                ("unverified", .int(Int64(max(0, now.sent - now.verified)))),
                ("hours_below_threshold", .int(Int64(collapsedHours))),
            ]
            if let worst {
                evidence.append(("worst_hour", .date(Bucketing.start(worst.bucket, width: Bucketing.hour))))
                evidence.append(("worst_hour_sent", .int(Int64(worst.tally.sent))))
                evidence.append(("worst_hour_ratio", .double(Statistics.rounded(worst.tally.ratio, 3))))
            }
            let apiLog = flow == "twilio-verify" ? "twilio-events" : "cloudtrail"
            evidence.append(("logs", EvidenceText.list(now.views.map { $0 == "api-events" ? apiLog : $0 })))
            evidence += clock.windowEvidence()
            var severity = rule.severity
            if now.ratio < limit / 3 && now.sent >= minSent * 5 { severity = severity.raised() }
            var summary = "\(flow): \(now.verified) of \(now.sent) codes verified (\(EvidenceText.percent(now.ratio))) in the detection window against \(EvidenceText.percent(baseRatio)) of \(before.sent) in the baseline"
            if let worst, !windowFires || worst.tally.ratio < now.ratio {
                summary += "; worst hour \(Timestamp.iso8601(millis: Bucketing.start(worst.bucket, width: Bucketing.hour))) \(worst.tally.verified) of \(worst.tally.sent)"
            }
            findings.append(rule.finding(
                severity: severity, firstSeen: active.first.map { Bucketing.start($0.0, width: Bucketing.hour) },
                lastSeen: active.last.map { Bucketing.start($0.0, width: Bucketing.hour) + Bucketing.hour - 1 },
                count: now.sent, entities: [("flow", .string(flow))], evidence: evidence,
                sources: files.paths(tallies.files[flow] ?? FileRefs()), summary: summary))
        }
        return findings
    }
}
