import PumpwatchCore

/// A request that makes a text go out: an SNS `Publish` to a phone number, a Cognito call that
/// sends a code (`ForgotPassword`, `SignUp`, ...), or a web or app request to an OTP-sending path.
struct SMSAPICall {
    /// Which API: `sns-publish`, `cognito` or `otp-endpoint`.
    var api: String
    var action: String
    var time: Int64
    var sourceIP: String?
    var principal: String?
    var userAgent: String?
    var failed: Bool
    var errorCode: String?
    /// For web and app requests, the log (web and app logs report the same requests).
    var view: CallView
    var statusCode: Int?
    var path: String?
    var destination: PhoneNumber?
    /// `path` in lower case, which the send-path patterns are matched against.
    var lowercasedPath: String?

    enum CallView: Int {
        case api, web, app
    }

    /// The Cognito actions that send a code by text.
    static let defaultCognitoActions = [
        "ForgotPassword", "SignUp", "ResendConfirmationCode", "InitiateAuth", "GetUserAttributeVerificationCode",
        "AdminCreateUser", "AdminResetUserPassword",
    ]

    /// The web and app paths that send a code (matched as case-insensitive substrings of the path).
    static let defaultSendPaths = ["/send-otp", "/otp/send", "/send-code", "/resend-otp", "/resend-code", "/sms/send", "/verify/start"]

    /// The fields calls are read from.
    static let fields: Set<String> = [
        "@timestamp", "event.dataset", "event.provider", "event.action", "event.outcome",
        "aws.cloudtrail.flattened.request_parameters.phoneNumber", "aws.cloudtrail.request_parameters",
        "aws.cloudtrail.flattened.request_parameters.authFlow",
        "aws.cloudtrail.user_identity.arn", "aws.cloudtrail.error_code",
        "source.ip", "source.address", "user_agent.original", "url.path", "http.response.status_code",
    ]

    /// This call when it sends a text by the given lists: an SNS `Publish` always, a Cognito call
    /// when its action is listed, a web or app request when its path matches one of `paths`.
    func sent(cognitoActions: Set<String>, paths: [String]) -> SMSAPICall? {
        switch api {
        case "cognito": return cognitoActions.contains(action) ? self : nil
        case "otp-endpoint": return SMSAPICall.matches(lowercased: lowercasedPath ?? "", paths) ? self : nil
        default: return self
        }
    }

    /// The call `event` describes before any list narrows it down: an SNS `Publish` to a number,
    /// a Cognito call of any action, or a web or app request to any path; `nil` for anything else.
    static func from(_ event: Event) -> SMSAPICall? {
        guard let time = event.timestampMillis else { return nil }
        let dataset = event["event.dataset"]?.stringValue
        switch dataset {
        case "aws.cloudtrail":
            guard let action = event["event.action"]?.stringValue else { return nil }
            let provider = event["event.provider"]?.stringValue
            var api: String
            var destination: PhoneNumber?
            if provider == "sns.amazonaws.com" && action == "Publish" {
                let number = event["aws.cloudtrail.flattened.request_parameters.phoneNumber"]?.stringValue
                    ?? event["aws.cloudtrail.request_parameters"]?.stringValue.flatMap { OutboundMessage.javaMapValue($0, key: "phoneNumber") }
                guard let number else { return nil }
                api = "sns-publish"
                destination = PhoneNumber(number)
            } else if provider == "cognito-idp.amazonaws.com" {
                api = "cognito"
            } else {
                return nil
            }
            let error = event["aws.cloudtrail.error_code"]?.stringValue
            return SMSAPICall(
                api: api, action: action, time: time, sourceIP: event["source.ip"]?.stringValue ?? event["source.address"]?.stringValue,
                principal: event["aws.cloudtrail.user_identity.arn"]?.stringValue, userAgent: event["user_agent.original"]?.stringValue,
                failed: error != nil || event["event.outcome"]?.stringValue == "failure", errorCode: error, view: .api,
                statusCode: nil, path: nil, destination: destination)
        case "web.access", "azure.app_requests":
            guard let path = event["url.path"]?.stringValue else { return nil }
            let status = event["http.response.status_code"]?.intValue.map { Int($0) }
            return SMSAPICall(
                api: "otp-endpoint", action: path, time: time, sourceIP: event["source.ip"]?.stringValue ?? event["source.address"]?.stringValue,
                principal: nil, userAgent: event["user_agent.original"]?.stringValue, failed: (status ?? 200) >= 400,
                errorCode: status.map(String.init), view: dataset == "web.access" ? .web : .app, statusCode: status, path: path,
                destination: nil, lowercasedPath: path.lowercased())
        default:
            return nil
        }
    }

    /// True when `path` contains one of `patterns` (case-insensitive).
    static func matches(_ path: String, _ patterns: [String]) -> Bool {
        matches(lowercased: path.lowercased(), patterns)
    }

    /// `matches` for a path already in lower case.
    static func matches(lowercased path: String, _ patterns: [String]) -> Bool {
        patterns.contains { TextSearch.contains(path, $0) }
    }
}

/// Request counts kept per log: web access logs and Application Insights report the same
/// requests, so the total is the API calls plus the larger of the two.
struct CallTally: BurstTally, Hashable {
    var api: Int32 = 0
    var web: Int32 = 0
    var app: Int32 = 0
    var apiFailed: Int32 = 0
    var webFailed: Int32 = 0
    var appFailed: Int32 = 0

    static let zero = CallTally()

    init() {}

    init(_ call: SMSAPICall, failed: Bool) {
        switch call.view {
        case .api: api = 1; apiFailed = failed ? 1 : 0
        case .web: web = 1; webFailed = failed ? 1 : 0
        case .app: app = 1; appFailed = failed ? 1 : 0
        }
    }

    var total: Int { Int(api) + Int(max(web, app)) }

    /// The failed (throttled, rejected) part of `total`, from the same log as the total.
    var failed: Int { Int(apiFailed) + Int(web >= app ? webFailed : appFailed) }

    static func + (a: CallTally, b: CallTally) -> CallTally {
        var r = a
        r.api += b.api; r.web += b.web; r.app += b.app
        r.apiFailed += b.apiFailed; r.webFailed += b.webFailed; r.appFailed += b.appFailed
        return r
    }

    /// The logs that reported the calls.
    var views: [String] {
        var out: [String] = []
        if api > 0 { out.append("cloudtrail") }
        if web > 0 { out.append("web-access") }
        if app > 0 { out.append("app-requests") }
        return out
    }
}
