/// What Falcon sees on the hosts in an ordinary week (besides `NOTIFY-01`'s Twilio traffic, which
/// `BenignMessaging` emits with the texts it belongs to): web servers calling their payment
/// provider and database, a database server keeping time, and staff laptops browsing during work.
///
/// Connections from one process to one address stay well under the seed rule's 200 a week: the
/// pools of remote addresses grow with the scale.
struct BenignHostActivity {
    private static let workDomains = [
        "www.google.com", "outlook.office365.com", "teams.microsoft.com", "github.com", "api.github.com",
        "slack.com", "www.youtube.com", "login.microsoftonline.com", "docs.aws.amazon.com", "www.linkedin.com",
    ]
    private static let webPool = AddressPool(["142.250.64.0/24", "13.107.42.0/24", "140.82.112.0/24", "104.16.132.0/24", "151.101.1.0/24", "52.96.165.0/24"])
    private static let paymentPool = AddressPool(["54.187.174.0/24", "54.187.205.0/24"])
    private static let updatePool = AddressPool(["13.107.4.0/24", "23.32.5.0/24"])

    func simulateHour(_ context: SimulationContext, _ rng: inout SplitMix64, start: Int64, activity: Double, working: Bool) {
        let k = context.options.scale
        let widen = max(1, Int(k.rounded(.up)))
        for host in [FalconHost.compromisedWebServer, FalconHost.webServer] {
            for _ in 0..<rng.poisson(0.8 * activity * k) {
                FalconSensor.dnsRequest(context, &rng, host: host, at: ActivityCurve.instant(in: start, &rng), domain: "api.stripe.com", fileName: "w3wp.exe")
            }
            for _ in 0..<rng.poisson(0.8 * activity * k) {
                FalconSensor.connect(context, &rng, host: host, at: ActivityCurve.instant(in: start, &rng),
                                     to: BenignHostActivity.paymentPool.address(rng.below(4 * widen)), processName: "w3wp.exe")
            }
            for _ in 0..<rng.poisson(0.5 * k) {
                FalconSensor.connect(context, &rng, host: host, at: ActivityCurve.instant(in: start, &rng),
                                     to: FalconHost.databaseServer.localAddress, port: 5432, processName: "w3wp.exe")
            }
            for _ in 0..<rng.poisson(0.5 * k) {
                let domain = rng.pick(["login.microsoftonline.com", "settings-win.data.microsoft.com", "ctldl.windowsupdate.com"])
                FalconSensor.dnsRequest(context, &rng, host: host, at: ActivityCurve.instant(in: start, &rng), domain: domain, fileName: "svchost.exe")
            }
            for _ in 0..<rng.poisson(0.25 * k) {
                FalconSensor.connect(context, &rng, host: host, at: ActivityCurve.instant(in: start, &rng),
                                     to: BenignHostActivity.updatePool.address(rng.below(6 * widen)), processName: "svchost.exe")
            }
        }
        let db = FalconHost.databaseServer
        for _ in 0..<rng.poisson(0.6 * k) {
            FalconSensor.dnsRequest(context, &rng, host: db, at: ActivityCurve.instant(in: start, &rng), domain: "ntp.ubuntu.com", fileName: "chronyd")
        }
        for _ in 0..<rng.poisson(0.3 * k) {
            FalconSensor.dnsRequest(context, &rng, host: db, at: ActivityCurve.instant(in: start, &rng), domain: "s3.us-east-1.amazonaws.com", fileName: "wal-g")
        }
        for host in FalconHost.workstations {
            let dnsRate = working ? 5.0 : 0.4
            let connectRate = working ? 4.0 : 0.3
            for _ in 0..<rng.poisson(dnsRate * k) {
                let domain = working ? rng.pick(BenignHostActivity.workDomains) : rng.pick(["settings-win.data.microsoft.com", "g.live.com"])
                let process = working ? (domain.contains("teams") ? "ms-teams.exe" : "chrome.exe") : "svchost.exe"
                FalconSensor.dnsRequest(context, &rng, host: host, at: ActivityCurve.instant(in: start, &rng), domain: domain, fileName: process)
            }
            for _ in 0..<rng.poisson(connectRate * k) {
                let process = working ? (rng.chance(0.8) ? "chrome.exe" : "ms-teams.exe") : "OneDrive.exe"
                FalconSensor.connect(context, &rng, host: host, at: ActivityCurve.instant(in: start, &rng),
                                     to: BenignHostActivity.webPool.address(rng.below(40 * widen)), processName: process)
            }
        }
    }
}
