/// Texts the shop sends on its own: order updates from the notification server `NOTIFY-01`
/// (Twilio messages, and on the host the Node.js process's connections and steady DNS lookups of
/// `api.twilio.com`), and mobile sign-ins through Twilio Verify, nearly all approved.
struct BenignMessaging {
    let customers: CustomerDirectory
    let perDay: (notifications: Double, mobileSignIns: Double) = (40, 25)
    /// `NOTIFY-01` resolves `api.twilio.com` about every 15 minutes, day and night.
    let twilioLookupsPerHour = 4.0

    /// An order update for `order`; `token` is the tracking link's code.
    static func orderUpdate(_ order: String, token: String, variant: Int) -> String {
        switch variant % 4 {
        case 0: return "Example Shop: your order \(order) has shipped. Track it at https://shop.example.com/t/\(token)"
        case 1: return "Example Shop: your order \(order) is out for delivery today."
        case 2: return "Example Shop: we received your return for order \(order). Your refund is on its way."
        default: return "Example Shop: order \(order) is ready for pickup at your selected store."
        }
    }

    func simulateHour(_ context: SimulationContext, _ rng: inout SplitMix64, start: Int64, activity: Double) {
        let k = context.options.scale
        let host = FalconHost.notificationServer
        // The notification worker drains its queue on a timer, so lookups are steady rather than diurnal.
        let lookups = rng.poisson(twilioLookupsPerHour * k)
        for i in 0..<lookups {
            let slot = CivilTime.millisPerHour / Int64(max(1, lookups))
            let t = start + Int64(i) * slot + rng.int64(in: 0...(slot / 2))
            FalconSensor.dnsRequest(context, &rng, host: host, at: t, domain: "api.twilio.com", fileName: "node")
        }
        for _ in 0..<rng.poisson(1 * k) {
            FalconSensor.dnsRequest(context, &rng, host: host, at: ActivityCurve.instant(in: start, &rng), domain: "sqs.us-east-1.amazonaws.com", fileName: "node")
        }
        for _ in 0..<rng.poisson(perDay.notifications / 24 * activity * k) {
            let t = ActivityCurve.instant(in: start, &rng)
            let c = customers.random(&rng)
            let order = rng.characters(8, from: SplitMix64.upperAlphanumerics)
            let body = BenignMessaging.orderUpdate(order, token: rng.characters(6, from: SplitMix64.alphanumerics), variant: rng.below(4))
            FalconSensor.connect(context, &rng, host: host, at: t - 120, to: SimulatedOrganization.twilioAPIAddresses[0], processName: "node")
            TwilioMessaging.send(
                context, &rng, at: t, from: SimulatedOrganization.notificationSender, to: c.phone, body: body,
                messagingService: nil, status: DeliveryProfile.customers.draw(&rng))
        }
        for _ in 0..<rng.poisson(perDay.mobileSignIns / 24 * activity * k) {
            mobileSignIn(context, &rng, at: ActivityCurve.instant(in: start, &rng))
        }
    }

    private func mobileSignIn(_ context: SimulationContext, _ rng: inout SplitMix64, at t: Int64) {
        let c = customers.random(&rng)
        let agent = rng.chance(0.6) ? UserAgents.mobileApp : UserAgents.mobileAppAndroid
        ShopWebsite.request(context, &rng, at: t, ip: c.ip, userAgent: agent, method: "POST", path: ShopWebsite.mobileVerifyStartPath, status: 200, bytes: 64, durationMs: rng.double(in: 150...480))
        let v = TwilioVerify.start(context, &rng, at: t + 200, to: c.phone)
        if rng.chance(0.92) {
            let check = t + Int64(rng.int(in: 12_000...75_000))
            ShopWebsite.request(context, &rng, at: check, ip: c.ip, userAgent: agent, method: "POST", path: ShopWebsite.mobileVerifyCheckPath, status: 200, bytes: 388, durationMs: rng.double(in: 90...260))
            TwilioVerify.approve(context, &rng, v, at: check + 150)
        } else {
            TwilioVerify.expire(context, &rng, v)
        }
    }
}
