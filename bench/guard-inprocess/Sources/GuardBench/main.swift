import Foundation
import PumpwatchGuard

#if canImport(Glibc)
import Glibc
#endif

// The guard in process, release build: the latency of one check on a warm state, and the
// memory of a million distinct numbers from a hundred thousand addresses.

/// A deterministic generator, so every run measures the same traffic.
struct Mix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

func nanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Resident and peak resident memory, MB, from /proc/self/status.
func memory() -> (rss: Double, peak: Double) {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    func field(_ name: String) -> Double {
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            let digits = line.filter(\.isNumber)
            return (Double(digits) ?? 0) / 1024
        }
        return 0
    }
    return (field("VmRSS:"), field("VmHWM:"))
}

/// Destinations weighted like an app's users: mostly North America and Europe.
let prefixes = ["+1202", "+1415", "+1646", "+1713", "+4477", "+4479", "+49151", "+49176", "+336", "+614", "+9198", "+5511", "+5255", "+346"]
let lengths = [12, 12, 12, 12, 13, 13, 14, 14, 12, 12, 13, 13, 13, 12]

func number(_ rng: inout Mix) -> String {
    let i = rng.below(prefixes.count)
    var s = prefixes[i]
    while s.count < lengths[i] { s.append(Character(Unicode.Scalar(UInt8(48 + rng.below(10))))) }
    return s
}

func address(_ i: Int) -> String { "10.\((i >> 16) & 255).\((i >> 8) & 255).\(i & 255)" }

/// A million distinct numbers (scattered over +44 79 blocks) from 100,000 addresses,
/// each with its own user and session, in monitor mode so that every code counts as sent and
/// every table fills: the guard's worst case for memory.
func memoryBound() {
    let before = memory()
    var policy = GuardPolicy()
    policy.mode = .monitor
    let attack = Guard(policy: policy, seed: 9)
    let start: Int64 = 1_790_000_000_000
    let began = nanos()
    for i in 0..<1_000_000 {
        // Distinct numbers spread over many blocks: i times an odd number not divisible by 5 is a bijection modulo 10^8.
        let to = "+4479" + String(100_000_000 + (i &* 7_919_993) % 100_000_000).suffix(8)
        let ip = "198.\(18 + (i % 100_000) >> 16).\(((i % 100_000) >> 8) & 255).\(i & 255)"
        _ = attack.check(CheckRequest(to: to, ip: ip, user: "u\(i)", session: "s\(i)", id: "a\(i)"), at: start + Int64(i) * 5)
    }
    let seconds = Double(nanos() - began) / 1e9
    let after = memory()
    print("attack: 1,000,000 distinct +44 79 numbers from 100,000 addresses, every table filling, in \(String(format: "%.1f", seconds)) s")
    print(String(format: "  resident memory %.0f MB before, %.0f MB after (peak %.0f MB)", before.rss, after.rss, after.peak))
    let sizes = attack.tableSizes
    print("  table sizes: " + sizes.keys.sorted().map { "\($0) \(sizes[$0]!)" }.joined(separator: ", "))
    let snapStart = nanos()
    let state = attack.snapshot(at: start)
    let encoded = (try? JSONEncoder().encode(state)) ?? Data()
    print(String(format: "  snapshot: %.1f MB of JSON in %.2f s", Double(encoded.count) / 1e6, Double(nanos() - snapStart) / 1e9))
}

/// Checks on a warm guard: 300,000 requests from 200,000 addresses and 50,000 users, nine in
/// ten verified 15 s later; the first 100,000 warm the state.
func latency() {
    var rng = Mix(state: 42)
    let total = 300_000
    let warm = 100_000
    var requests: [CheckRequest] = []
    requests.reserveCapacity(total)
    for i in 0..<total {
        requests.append(CheckRequest(
            to: number(&rng), ip: address(rng.below(200_000)), user: rng.below(3) == 0 ? nil : "user-\(rng.below(50_000))",
            session: "session-\(i)", purpose: .login, channel: .sms, id: "req-\(i)"))
    }
    // This traffic (2.6 million codes a day) is far above the standard budget for an app without a baseline.
    var policy = GuardPolicy()
    policy.spendBudget.defaultBudget = 1_000_000
    let g = Guard(policy: policy, seed: 7)
    let start: Int64 = 1_790_000_000_000
    var samples: [UInt64] = []
    samples.reserveCapacity(total - warm)
    var verdicts = [0, 0, 0, 0]
    let began = nanos()
    for (i, r) in requests.enumerated() {
        let t = start + Int64(i) * 20  // 50 checks a second of simulated time
        let a = nanos()
        let d = g.check(r, at: t)
        let b = nanos()
        if i >= warm { samples.append(b - a) }
        verdicts[Verdict.allCases.firstIndex(of: d.decision)!] += 1
        if i % 10 < 9 { g.verified(id: r.id!, at: t + 15_000) }
    }
    let elapsed = Double(nanos() - began) / 1e9
    samples.sort()
    func pct(_ p: Double) -> Double { Double(samples[min(samples.count - 1, Int(Double(samples.count) * p))]) / 1000 }
    print("check latency over \(samples.count) checks after \(warm) warm-up (release build, one thread):")
    print(String(format: "  median %.2f µs, p90 %.2f µs, p99 %.2f µs, p99.9 %.2f µs, max %.1f µs", pct(0.5), pct(0.9), pct(0.99), pct(0.999), Double(samples.last!) / 1000))
    print(String(format: "  %d checks and %d verifications in %.2f s (%.0f checks/s including verifications)", total, total * 9 / 10, elapsed, Double(total) / elapsed))
    let reasons = g.stats().reasons.sorted { $0.value > $1.value }.prefix(6).map { "\($0.key) \($0.value)" }
    print("  top reasons: " + reasons.joined(separator: ", "))
    print("  decisions: allow \(verdicts[0]), monitor \(verdicts[1]), challenge \(verdicts[2]), block \(verdicts[3])")
}

memoryBound()
latency()
