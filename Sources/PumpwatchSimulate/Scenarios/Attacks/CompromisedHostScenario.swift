/// A host-side campaign seen by Falcon: the web server `WEB-07` is compromised at 02:05 on the
/// attack day. PowerShell fetches Python; from 02:10 to 04:40 `python3.11.exe` resolves
/// `api.twilio.com` 600 times and opens 1,200 HTTPS connections to Twilio's `54.172.60.3`, and
/// from 03:00 to 04:30 a second tool, `node.exe`, resolves it 40 times and connects 250 times to
/// `54.244.51.4`. Both branches of the seed's LogScale rule fire: DNS (640 lookups, High) and
/// connections (1,200 High, 250 Medium).
struct CompromisedHostScenario: Scenario {
    let name = "compromised-host"
    let summary = "Falcon: WEB-07's python3.11.exe/node.exe make 640 api.twilio.com lookups and 1,450 HTTPS connections to Twilio (02:10–04:40)"

    func write(to context: SimulationContext) {
        var rng = context.random(for: name)
        let host = FalconHost.compromisedWebServer
        let intrusion = AttackSchedule.time(context, hour: 2, minute: 5)
        FalconSensor.dnsRequest(context, &rng, host: host, at: intrusion, domain: "www.python.org", fileName: "powershell.exe")
        FalconSensor.connect(context, &rng, host: host, at: intrusion + 300, to: "151.101.0.223", processName: "powershell.exe")

        let pythonStart = intrusion + 5 * CivilTime.millisPerMinute
        let pythonSpan = 150 * CivilTime.millisPerMinute
        let nodeStart = AttackSchedule.time(context, hour: 3)
        let nodeSpan = 90 * CivilTime.millisPerMinute
        let steps = AttackSchedule.steps(AttackSchedule.spread(context.scaled(600, minimum: 1), from: pythonStart, over: pythonSpan, &rng), kind: 0)
            + AttackSchedule.steps(AttackSchedule.spread(context.scaled(1200, minimum: 1), from: pythonStart + 200, over: pythonSpan, &rng), kind: 1)
            + AttackSchedule.steps(AttackSchedule.spread(context.scaled(40, minimum: 1), from: nodeStart, over: nodeSpan, &rng), kind: 2)
            + AttackSchedule.steps(AttackSchedule.spread(context.scaled(250, minimum: 1), from: nodeStart + 150, over: nodeSpan, &rng), kind: 3)
        AttackSchedule.perform(context, steps) { t, kind in
            switch kind {
            case 0: FalconSensor.dnsRequest(context, &rng, host: host, at: t, domain: "api.twilio.com", fileName: "python3.11.exe")
            case 1: FalconSensor.connect(context, &rng, host: host, at: t, to: SimulatedOrganization.twilioAPIAddresses[0], processName: "python3.11.exe")
            case 2: FalconSensor.dnsRequest(context, &rng, host: host, at: t, domain: "api.twilio.com", fileName: "node.exe")
            default: FalconSensor.connect(context, &rng, host: host, at: t, to: SimulatedOrganization.twilioAPIAddresses[1], processName: "node.exe")
            }
        }
    }
}
