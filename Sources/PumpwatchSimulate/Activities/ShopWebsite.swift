/// Requests to `shop.example.com`: pages, assets and API calls, and the passcode flow whose
/// accepted `send-otp` requests text the code through Twilio.
enum ShopWebsite {
    static let loginReferer = "https://shop.example.com/login"
    static let sendOTPPath = "/api/auth/send-otp"
    static let verifyOTPPath = "/api/auth/verify-otp"
    static let mobileVerifyStartPath = "/api/mobile/v1/verify/start"
    static let mobileVerifyCheckPath = "/api/mobile/v1/verify/check"

    /// One request; API requests also reach Application Insights.
    @discardableResult
    static func request(
        _ context: SimulationContext, _ rng: inout SplitMix64, at millis: Int64, ip: String, userAgent: String,
        method: String = "GET", path: String, query: String? = nil, status: Int, bytes: Int, referer: String? = nil,
        durationMs: Double? = nil
    ) -> WebRequest {
        let duration = durationMs ?? (path.hasPrefix("/api/") ? rng.double(in: 12...140) : rng.double(in: 1...20))
        let r = WebRequest(
            millis: millis, clientIP: ip, method: method, path: path, query: query, status: status, responseBytes: bytes,
            referer: referer, userAgent: userAgent, durationMs: duration, operationID: rng.hex(32), requestID: rng.hex(16),
            roleInstance: rng.pick(SimulatedOrganization.appRoleInstances))
        context.emit(.webRequest(r))
        return r
    }

    /// `POST /api/auth/send-otp`: 200 texts a code to `number` through Twilio's messaging service;
    /// 429 (rate limited) sends nothing.
    static func sendOTP(
        _ context: SimulationContext, _ rng: inout SplitMix64, at millis: Int64, ip: String, userAgent: String,
        to number: PhoneNumber, status: Int = 200, delivery: DeliveryProfile
    ) {
        let accepted = status == 200
        let duration = accepted ? rng.double(in: 160...620) : rng.double(in: 1.5...6)
        request(
            context, &rng, at: millis, ip: ip, userAgent: userAgent, method: "POST", path: sendOTPPath,
            status: status, bytes: accepted ? 37 : 57, referer: loginReferer, durationMs: duration)
        guard accepted else { return }
        let domestic = number.country.callingCode == "1"
        let code = rng.digits(6)
        TwilioMessaging.send(
            context, &rng, at: millis + Int64(duration * 0.6),
            from: domestic ? rng.pick(SimulatedOrganization.otpSenderNumbers) : SimulatedOrganization.otpAlphanumericSender,
            to: number, body: "Your Example Shop verification code is \(code). It expires in 10 minutes.",
            messagingService: SimulatedOrganization.twilioMessagingServiceSID, status: delivery.draw(&rng))
    }

    /// `POST /api/auth/verify-otp`: 200 when the code is right, 401 when not.
    static func verifyOTP(_ context: SimulationContext, _ rng: inout SplitMix64, at millis: Int64, ip: String, userAgent: String, correct: Bool) {
        request(
            context, &rng, at: millis, ip: ip, userAgent: userAgent, method: "POST", path: verifyOTPPath,
            status: correct ? 200 : 401, bytes: correct ? 412 : 38, referer: loginReferer, durationMs: rng.double(in: 20...90))
    }

    /// The login page and its assets, as a browser loads them before asking for a code.
    static func loadLoginPage(_ context: SimulationContext, _ rng: inout SplitMix64, at millis: Int64, ip: String, userAgent: String) {
        request(context, &rng, at: millis, ip: ip, userAgent: userAgent, path: "/login", status: 200, bytes: 5120 + rng.below(400), referer: "https://shop.example.com/")
        request(context, &rng, at: millis + 180, ip: ip, userAgent: userAgent, path: "/static/js/app.3f9c1a.js", status: 200, bytes: 48213, referer: loginReferer)
        request(context, &rng, at: millis + 190, ip: ip, userAgent: userAgent, path: "/static/css/app.8b2e4d.css", status: 200, bytes: 12877, referer: loginReferer)
    }
}
