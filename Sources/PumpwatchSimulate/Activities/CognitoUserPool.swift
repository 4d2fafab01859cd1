import PumpwatchCore

/// Calls to the shop's Cognito user pool as CloudTrail records them, and the texts Cognito sends
/// through SNS for them.
enum CognitoUserPool {
    /// How a code-sending call ended.
    enum Outcome {
        /// A code was sent by SMS to the number.
        case smsSent(PhoneNumber)
        /// A code was sent by email.
        case emailSent
        /// The call was throttled with this error code.
        case throttled(String)
    }

    static let hidden = JSONValue.string("HIDDEN_DUE_TO_SECURITY_REASONS")

    private static func event(_ name: String, _ millis: Int64, _ principal: AWSPrincipal, _ rng: inout SplitMix64) -> CloudTrailEvent {
        var e = CloudTrailEvent(
            millis: millis, principal: principal, eventSource: "cognito-idp.amazonaws.com", eventName: name,
            readOnly: false, managementEvent: true, tlsHost: "cognito-idp.\(SimulatedOrganization.awsRegion).amazonaws.com", rng: &rng)
        e.resources = .array([.object([
            ("accountId", .string(SimulatedOrganization.awsAccountID)),
            ("type", .string("AWS::Cognito::UserPool")),
            ("ARN", .string(SimulatedOrganization.userPoolARN)),
        ])])
        return e
    }

    private static func delivery(_ outcome: Outcome) -> JSONValue {
        switch outcome {
        case .smsSent(let number):
            return .object([
                ("destination", .string(number.masked)),
                ("deliveryMedium", .string("SMS")),
                ("attributeName", .string("phone_number")),
            ])
        case .emailSent:
            return .object([
                ("destination", .string("c***@e***")),
                ("deliveryMedium", .string("EMAIL")),
                ("attributeName", .string("email")),
            ])
        case .throttled:
            return .null
        }
    }

    private static func apply(_ outcome: Outcome, to e: inout CloudTrailEvent, response: (JSONValue) -> JSONValue) {
        if case .throttled(let code) = outcome {
            e.errorCode = code
            e.errorMessage = code == "LimitExceededException" ? "Attempt limit exceeded, please try after some time." : "Too many requests"
            e.responseElements = .null
        } else {
            e.responseElements = response(delivery(outcome))
        }
    }

    private static func sendCode(_ context: SimulationContext, _ rng: inout SplitMix64, _ millis: Int64, _ outcome: Outcome) {
        if case .smsSent(let number) = outcome {
            SNSPhonePublisher.deliver(context, &rng, at: millis + Int64(rng.int(in: 80...400)), messageID: rng.uuid(), to: number)
        }
    }

    static func forgotPassword(_ context: SimulationContext, _ rng: inout SplitMix64, at millis: Int64, principal: AWSPrincipal, userSub: String, outcome: Outcome) {
        var e = event("ForgotPassword", millis, principal, &rng)
        e.requestParameters = .object([("clientId", .string(SimulatedOrganization.userPoolClientID)), ("username", hidden)])
        apply(outcome, to: &e) { .object([("codeDeliveryDetails", $0)]) }
        e.additionalEventData = .object([("sub", .string(userSub))])
        context.emit(.cloudTrail(e))
        sendCode(context, &rng, millis, outcome)
    }

    static func confirmForgotPassword(_ context: SimulationContext, _ rng: inout SplitMix64, at millis: Int64, principal: AWSPrincipal, userSub: String) {
        var e = event("ConfirmForgotPassword", millis, principal, &rng)
        e.requestParameters = .object([
            ("clientId", .string(SimulatedOrganization.userPoolClientID)), ("username", hidden),
            ("confirmationCode", hidden), ("password", hidden),
        ])
        e.additionalEventData = .object([("sub", .string(userSub))])
        context.emit(.cloudTrail(e))
    }

    static func signUp(_ context: SimulationContext, _ rng: inout SplitMix64, at millis: Int64, principal: AWSPrincipal, userSub: String, outcome: Outcome) {
        var e = event("SignUp", millis, principal, &rng)
        e.requestParameters = .object([
            ("clientId", .string(SimulatedOrganization.userPoolClientID)), ("username", hidden),
            ("password", hidden), ("userAttributes", hidden),
        ])
        apply(outcome, to: &e) {
            .object([("userConfirmed", .bool(false)), ("codeDeliveryDetails", $0), ("userSub", .string(userSub))])
        }
        e.additionalEventData = .object([("sub", .string(userSub))])
        context.emit(.cloudTrail(e))
        sendCode(context, &rng, millis, outcome)
    }

    static func confirmSignUp(_ context: SimulationContext, _ rng: inout SplitMix64, at millis: Int64, principal: AWSPrincipal, userSub: String) {
        var e = event("ConfirmSignUp", millis, principal, &rng)
        e.requestParameters = .object([
            ("clientId", .string(SimulatedOrganization.userPoolClientID)), ("username", hidden), ("confirmationCode", hidden),
        ])
        e.additionalEventData = .object([("sub", .string(userSub))])
        context.emit(.cloudTrail(e))
    }

    static func resendConfirmationCode(_ context: SimulationContext, _ rng: inout SplitMix64, at millis: Int64, principal: AWSPrincipal, userSub: String, outcome: Outcome) {
        var e = event("ResendConfirmationCode", millis, principal, &rng)
        e.requestParameters = .object([("clientId", .string(SimulatedOrganization.userPoolClientID)), ("username", hidden)])
        apply(outcome, to: &e) { .object([("codeDeliveryDetails", $0)]) }
        e.additionalEventData = .object([("sub", .string(userSub))])
        context.emit(.cloudTrail(e))
        sendCode(context, &rng, millis, outcome)
    }
}
