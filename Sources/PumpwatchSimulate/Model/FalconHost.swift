/// A host running the Falcon sensor, as its events identify it.
struct FalconHost: Sendable {
    let computerName: String
    /// The agent id (32 hex digits).
    let aid: String
    /// `Win` or `Lin`.
    let platform: String
    let localAddress: String
    /// The public address the cloud saw the sensor connect from (`aip`).
    let externalAddress: String

    init(_ name: String, platform: String, localAddress: String, externalAddress: String) {
        computerName = name
        aid = StableIdentifier.hex(label: "aid:" + name, length: 32)
        self.platform = platform
        self.localAddress = localAddress
        self.externalAddress = externalAddress
    }

    /// A Falcon process id (`ContextProcessId`): a large decimal number, stable for a label.
    func processID(_ label: String) -> String {
        var rng = SplitMix64(seed: 0xFA1C_0000, label: computerName + "/" + label)
        return String(100_000_000_000 + Int64(rng.below(900_000_000_000)))
    }

    static let notificationServer = FalconHost("NOTIFY-01", platform: "Lin", localAddress: "10.20.4.21", externalAddress: "52.4.118.20")
    static let compromisedWebServer = FalconHost("WEB-07", platform: "Win", localAddress: "10.20.1.17", externalAddress: "52.4.118.27")
    static let webServer = FalconHost("WEB-03", platform: "Win", localAddress: "10.20.1.13", externalAddress: "52.4.118.23")
    static let databaseServer = FalconHost("DB-01", platform: "Lin", localAddress: "10.20.8.11", externalAddress: "52.4.118.20")
    static let workstations = [
        FalconHost("LAPTOP-AKIM", platform: "Win", localAddress: "192.168.10.34", externalAddress: "81.2.69.142"),
        FalconHost("LAPTOP-JCHEN", platform: "Win", localAddress: "192.168.10.57", externalAddress: "81.2.69.142"),
        FalconHost("DESKTOP-FIN02", platform: "Win", localAddress: "192.168.10.112", externalAddress: "81.2.69.142"),
    ]
}
