/// Emits the Falcon events of one host: DNS requests and outbound connections.
enum FalconSensor {
    static func dnsRequest(
        _ context: SimulationContext, _ rng: inout SplitMix64, host: FalconHost, at millis: Int64,
        domain: String, fileName: String, processLabel: String? = nil, requestType: String = "1"
    ) {
        context.emit(.falcon(FalconEvent(
            millis: millis, host: host, kind: .dnsRequest(domain: domain, requestType: requestType, fileName: fileName),
            processID: host.processID(processLabel ?? fileName), threadID: String(rng.int(in: 1000...99_999)), id: rng.uuid())))
    }

    static func connect(
        _ context: SimulationContext, _ rng: inout SplitMix64, host: FalconHost, at millis: Int64,
        to remote: String, port: Int = 443, processName: String, processLabel: String? = nil
    ) {
        context.emit(.falcon(FalconEvent(
            millis: millis, host: host,
            kind: .networkConnect(remoteAddress: remote, remotePort: port, localPort: rng.int(in: 49152...65535), processName: processName),
            processID: host.processID(processLabel ?? processName), threadID: String(rng.int(in: 1000...99_999)), id: rng.uuid())))
    }
}
