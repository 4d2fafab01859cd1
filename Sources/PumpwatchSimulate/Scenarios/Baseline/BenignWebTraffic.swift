/// Ordinary visitors of the shop: browsing sessions, passcode logins that are nearly always
/// completed, crawlers and the odd scanner.
struct BenignWebTraffic {
    let customers: CustomerDirectory
    let perDay: (sessions: Double, otpLogins: Double, crawls: Double, probes: Double) = (60, 45, 30, 8)

    private static let categories = ["shoes", "jackets", "bags", "accessories", "sale", "new-in"]
    private static let slugs = [
        "trail-runner-2", "city-backpack-22l", "merino-crew-sock", "rain-shell-jacket", "leather-card-wallet",
        "canvas-tote", "wool-beanie", "down-vest", "hiking-boot-mid", "linen-shirt",
    ]
    private static let probes = ["/wp-login.php", "/.env", "/admin/config.php", "/.git/config", "/phpmyadmin/", "/xmlrpc.php"]

    func simulateHour(_ context: SimulationContext, _ rng: inout SplitMix64, start: Int64, activity: Double) {
        let k = context.options.scale
        for _ in 0..<rng.poisson(perDay.sessions / 24 * activity * k) {
            browse(context, &rng, at: ActivityCurve.instant(in: start, &rng))
        }
        for _ in 0..<rng.poisson(perDay.otpLogins / 24 * activity * k) {
            otpLogin(context, &rng, at: ActivityCurve.instant(in: start, &rng))
        }
        for _ in 0..<rng.poisson(perDay.crawls / 24 * k) {
            let bot = rng.chance(0.7) ? ("66.249.66.\(rng.int(in: 1...254))", UserAgents.googlebot) : ("157.55.39.\(rng.int(in: 1...254))", UserAgents.bingbot)
            ShopWebsite.request(context, &rng, at: ActivityCurve.instant(in: start, &rng), ip: bot.0, userAgent: bot.1,
                                path: "/products/" + rng.pick(BenignWebTraffic.slugs), status: 200, bytes: 9000 + rng.below(3000))
        }
        for _ in 0..<rng.poisson(perDay.probes / 24 * k) {
            let ip = AddressPool.attackers.address(1000 + rng.below(400))
            let t = ActivityCurve.instant(in: start, &rng)
            for (i, path) in BenignWebTraffic.probes.shuffledPrefix(3, &rng).enumerated() {
                ShopWebsite.request(context, &rng, at: t + Int64(i * 300), ip: ip, userAgent: UserAgents.go, path: path, status: 404, bytes: 153)
            }
        }
    }

    private func browse(_ context: SimulationContext, _ rng: inout SplitMix64, at start: Int64) {
        let c = customers.random(&rng)
        var t = start
        let home = "https://shop.example.com/"
        ShopWebsite.request(context, &rng, at: t, ip: c.ip, userAgent: c.userAgent, path: "/", status: 200, bytes: 8100 + rng.below(300), referer: rng.chance(0.4) ? "https://www.google.com/" : nil)
        ShopWebsite.request(context, &rng, at: t + 150, ip: c.ip, userAgent: c.userAgent, path: "/static/js/app.3f9c1a.js", status: rng.chance(0.3) ? 304 : 200, bytes: 48213, referer: home)
        ShopWebsite.request(context, &rng, at: t + 160, ip: c.ip, userAgent: c.userAgent, path: "/static/css/app.8b2e4d.css", status: 200, bytes: 12877, referer: home)
        var referer = home
        for _ in 0..<rng.int(in: 1...5) {
            t += Int64(rng.int(in: 4_000...70_000))
            switch rng.below(6) {
            case 0, 1:
                let category = rng.pick(BenignWebTraffic.categories)
                ShopWebsite.request(context, &rng, at: t, ip: c.ip, userAgent: c.userAgent, path: "/products", query: "category=\(category)", status: 200, bytes: 7400 + rng.below(900), referer: referer)
                ShopWebsite.request(context, &rng, at: t + 240, ip: c.ip, userAgent: c.userAgent, path: "/api/products", query: "category=\(category)&page=1", status: 200, bytes: 4000 + rng.below(16000), referer: "https://shop.example.com/products?category=\(category)")
                referer = "https://shop.example.com/products?category=\(category)"
            case 2, 3:
                let slug = rng.pick(BenignWebTraffic.slugs)
                ShopWebsite.request(context, &rng, at: t, ip: c.ip, userAgent: c.userAgent, path: "/products/\(slug)", status: 200, bytes: 9200 + rng.below(2500), referer: referer)
                ShopWebsite.request(context, &rng, at: t + 210, ip: c.ip, userAgent: c.userAgent, path: "/api/products/\(slug)", status: 200, bytes: 1800 + rng.below(900), referer: "https://shop.example.com/products/\(slug)")
                referer = "https://shop.example.com/products/\(slug)"
            case 4:
                ShopWebsite.request(context, &rng, at: t, ip: c.ip, userAgent: c.userAgent, method: "POST", path: "/api/cart/items", status: 201, bytes: 322, referer: referer)
                ShopWebsite.request(context, &rng, at: t + 400, ip: c.ip, userAgent: c.userAgent, path: "/api/cart", status: 200, bytes: 1400 + rng.below(600), referer: referer)
            default:
                let order = rng.characters(8, from: SplitMix64.upperAlphanumerics)
                ShopWebsite.request(context, &rng, at: t, ip: c.ip, userAgent: c.userAgent, path: "/account/orders", status: 200, bytes: 6300, referer: referer)
                ShopWebsite.request(context, &rng, at: t + 300, ip: c.ip, userAgent: c.userAgent, path: "/api/orders/\(order)", status: 200, bytes: 2100 + rng.below(700), referer: "https://shop.example.com/account/orders")
            }
        }
    }

    /// A customer signs in with a texted passcode, nearly always completing it.
    private func otpLogin(_ context: SimulationContext, _ rng: inout SplitMix64, at start: Int64) {
        let c = customers.random(&rng)
        ShopWebsite.loadLoginPage(context, &rng, at: start, ip: c.ip, userAgent: c.userAgent)
        var t = start + Int64(rng.int(in: 5_000...25_000))
        ShopWebsite.sendOTP(context, &rng, at: t, ip: c.ip, userAgent: c.userAgent, to: c.phone, delivery: .customers)
        if rng.chance(0.04) {
            t += Int64(rng.int(in: 45_000...90_000))
            ShopWebsite.sendOTP(context, &rng, at: t, ip: c.ip, userAgent: c.userAgent, to: c.phone, delivery: .customers)
        }
        let roll = rng.unit()
        t += Int64(rng.int(in: 15_000...90_000))
        if roll < 0.88 {
            ShopWebsite.verifyOTP(context, &rng, at: t, ip: c.ip, userAgent: c.userAgent, correct: true)
        } else if roll < 0.93 {
            ShopWebsite.verifyOTP(context, &rng, at: t, ip: c.ip, userAgent: c.userAgent, correct: false)
            ShopWebsite.verifyOTP(context, &rng, at: t + Int64(rng.int(in: 8_000...30_000)), ip: c.ip, userAgent: c.userAgent, correct: true)
        }
    }
}
