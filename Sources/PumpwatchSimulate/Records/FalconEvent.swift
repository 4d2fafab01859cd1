import PumpwatchCore

/// One Falcon sensor event (FDR shape): a DNS request or an outbound IPv4 connection.
struct FalconEvent {
    enum Kind {
        /// `DnsRequest` for `domain` by the process image `fileName`.
        case dnsRequest(domain: String, requestType: String, fileName: String)
        /// `NetworkConnectIP4` from `processName` to `remoteAddress:remotePort`.
        case networkConnect(remoteAddress: String, remotePort: Int, localPort: Int, processName: String)
    }

    var millis: Int64
    var host: FalconHost
    var kind: Kind
    /// `ContextProcessId` of the process that acted.
    var processID: String
    var threadID: String
    /// The event's own id (a UUID).
    var id: String

    /// The event as one NDJSON line: every value a string, as Falcon exports them.
    var line: String {
        var m: [(String, Value)] = []
        switch kind {
        case .dnsRequest:
            m.append(("event_simpleName", .string("DnsRequest")))
            m.append(("name", .string("DnsRequestV4")))
        case .networkConnect:
            m.append(("event_simpleName", .string("NetworkConnectIP4")))
            m.append(("name", .string("NetworkConnectIP4V5")))
        }
        m.append(("event_platform", .string(host.platform)))
        m.append(("id", .string(id)))
        // The sensor stamps the event (ContextTimeStamp); the cloud receives it a little later (timestamp).
        m.append(("timestamp", .string(String(millis + 40))))
        m.append(("ContextTimeStamp", .string(CivilTime.epochSecondsWithFraction(millis))))
        m.append(("aid", .string(host.aid)))
        m.append(("cid", .string(SimulatedOrganization.falconCID)))
        m.append(("aip", .string(host.externalAddress)))
        m.append(("ComputerName", .string(host.computerName)))
        m.append(("ConfigBuild", .string(SimulatedOrganization.falconConfigBuild)))
        m.append(("EffectiveTransmissionClass", .string("3")))
        m.append(("ContextProcessId", .string(processID)))
        m.append(("ContextThreadId", .string(threadID)))
        switch kind {
        case .dnsRequest(let domain, let requestType, let fileName):
            m.append(("DomainName", .string(domain)))
            m.append(("RequestType", .string(requestType)))
            m.append(("DualRequest", .string("0")))
            m.append(("FileName", .string(fileName)))
        case .networkConnect(let remote, let remotePort, let localPort, let processName):
            m.append(("LocalAddressIP4", .string(host.localAddress)))
            m.append(("LocalPort", .string(String(localPort))))
            m.append(("RemoteAddressIP4", .string(remote)))
            m.append(("RemotePort", .string(String(remotePort))))
            m.append(("Protocol", .string("6")))
            m.append(("ConnectionDirection", .string("0")))
            m.append(("ConnectionFlags", .string("0")))
            m.append(("InContext", .string("0")))
            m.append(("TargetProcessName", .string(processName)))
        }
        return JSONWriter.object(m)
    }
}
