import PumpwatchCore

/// The shop's mobile sign-in through Twilio Verify, as Event Streams reports it: a verification is
/// `pending` when the code is sent, then `approved` when the user enters it, or `expired` ten
/// minutes later when nobody does.
enum TwilioVerify {
    /// A started verification, to be approved or left to expire.
    struct Verification {
        let sid: String
        let to: PhoneNumber
        let createdMillis: Int64
        let attemptSID: String
    }

    static func start(_ context: SimulationContext, _ rng: inout SplitMix64, at millis: Int64, to: PhoneNumber) -> Verification {
        let v = Verification(sid: "VE" + rng.hex(32), to: to, createdMillis: millis, attemptSID: "VL" + rng.hex(32))
        context.emit(.twilioEvent(event(v, status: "pending", at: millis + 320, rng: &rng)))
        return v
    }

    static func approve(_ context: SimulationContext, _ rng: inout SplitMix64, _ v: Verification, at millis: Int64) {
        context.emit(.twilioEvent(event(v, status: "approved", at: millis, rng: &rng)))
    }

    static func expire(_ context: SimulationContext, _ rng: inout SplitMix64, _ v: Verification) {
        context.emit(.twilioEvent(event(v, status: "expired", at: v.createdMillis + 600_000, rng: &rng)))
    }

    private static func event(_ v: Verification, status: String, at millis: Int64, rng: inout SplitMix64) -> TwilioStreamEvent {
        let iso = { (ms: Int64) in JSONValue.string(Timestamp.iso8601(millis: ms)) }
        var data: [(String, JSONValue)] = [
            ("account_sid", .string(SimulatedOrganization.twilioAccountSID)),
            ("service_sid", .string(SimulatedOrganization.twilioVerifyServiceSID)),
            ("verification_sid", .string(v.sid)),
            ("friendly_name", .string(SimulatedOrganization.twilioVerifyFriendlyName)),
            ("custom_code_enabled", .bool(false)),
            ("created_at", iso(v.createdMillis)),
        ]
        if status == "approved" { data.append(("verified_at", iso(millis))) }
        data.append(("to", .string(v.to.e164)))
        data.append(("verification_status", .string(status.uppercased())))
        data.append(("country", .string(v.to.country.iso)))
        data.append(("code_length", .int(6)))
        data.append(("send_code_attempts", .object([
            ("count", .int(1)),
            ("attempts", .array([.object([
                ("time", iso(v.createdMillis)),
                ("channel", .string("SMS")),
                ("attempt_sid", .string(v.attemptSID)),
                ("delivery_status", .string("SENT")),
            ])])),
        ])))
        let checks: [JSONValue] = status == "approved" ? [.object([("time", iso(millis)), ("status", .string("SUCCESS"))])] : []
        data.append(("check_attempts", .object([("count", .int(Int64(checks.count))), ("attempts", .array(checks))])))
        data.append(("expired_at", iso(v.createdMillis + 600_000)))
        return TwilioStreamEvent(
            millis: millis, type: "com.twilio.accountsecurity.verify.verification.\(status)",
            source: "/v2/Services/\(SimulatedOrganization.twilioVerifyServiceSID)/Verifications/\(v.sid)",
            id: "EZ" + rng.hex(32),
            dataschema: "https://events-schemas.twilio.com/AccountSecurity.VerifyEventStreamEvent/2",
            data: .object(data))
    }
}
