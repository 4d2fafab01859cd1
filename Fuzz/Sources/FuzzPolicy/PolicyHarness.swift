import FuzzSupport
import PumpwatchCore
import PumpwatchGuard

/// Fuzzes `PolicyLoader.parse`: any text is a guard policy or an error naming the file, a key or
/// line of the text, and the reason; a policy it accepts runs a guard that judges requests.
@main
enum PolicyHarness {
    static func main() {
        FuzzDriver.run { data, size in
            PolicyHarness.check(FuzzInput(data, size).bytes)
            return 0
        }
    }

    static let file = "guard.yml"
    static let requests = [
        CheckRequest(to: "+447700900123", ip: "203.0.113.9", user: "u-1", session: "s-1", purpose: .signup),
        CheckRequest(to: "+8821234567", ip: "2001:db8::1", purpose: .login, channel: .voice),
        CheckRequest(to: "+15005550006", ip: "10.1.2.3", user: "u-2"),
        CheckRequest(to: "+447700900124", ip: "203.0.113.9", user: "u-1", session: "s-1", purpose: .reset),
    ]

    static func check(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let policy: GuardPolicy
        do {
            policy = try PolicyLoader.parse(text, file: file)
        } catch {
            ConfigErrorCheck.requireLocated(error, file: file, bounds: TextBounds(yaml: text), text: text)
            return
        }
        let guardian = Guard(policy: policy, seed: 3)
        var now: Int64 = 1_795_000_000_000
        for request in requests {
            now += 20_000
            let d = guardian.check(request, at: now)
            PropertyCheck.require((0...100).contains(d.riskScore), "risk score \(d.riskScore) under \(PropertyCheck.excerpt(text))")
            PropertyCheck.require(d.mode == policy.mode, "decision in mode \(d.mode) under a \(policy.mode) policy")
            guardian.verified(id: d.id, at: now + 5_000)
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicy(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    PolicyHarness.check(FuzzInput(data, size).bytes)
    return 0
}
