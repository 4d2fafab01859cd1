import Foundation
import FuzzSupport
import PumpwatchCore
import PumpwatchGuard

/// Fuzzes the guard's request decoding and judging with the library's public API.
///
/// Each input line is a request body: a `POST /v1/check` body, or after a leading `V` a
/// `POST /v1/verified` body. Every body is decoded with `JSONDecoder` (the `Codable` form Swift
/// callers use) and must then either fail `validate()` naming one of its fields, or be judged by
/// one guard (at increasing times) with a well-formed decision. At the end the guard's snapshot,
/// restored, must judge the next request exactly as the guard itself does.
///
/// The server's own body reader (`RequestReader`, built on `JSONParser`) sits in the server
/// target, which is no library product; `JSONParser` is fuzzed by the `json` harness.
@main
enum CheckRequestHarness {
    static func main() {
        FuzzDriver.run { data, size in
            CheckRequestHarness.check(FuzzInput(data, size))
            return 0
        }
    }

    static let checkFields: Set<String> = ["to", "ip", "user", "session", "id"]
    static let start: Int64 = 1_795_000_000_000

    /// Tables of a few records, so that a short input fills them and evicts, and a guard starts fast.
    static let smallLimits: StateLimits = {
        var l = StateLimits()
        (l.numbers, l.addresses, l.users, l.sessions, l.blocks, l.prefixes, l.pending) = (8, 6, 4, 4, 4, 4, 8)
        return l
    }()

    static func check(_ input: FuzzInput) {
        var input = input
        let control = input.takeByte()
        let bytes = input.payload
        var policy = GuardPolicy()
        policy.mode = control & 1 == 0 ? .enforce : .monitor
        policy.limits = smallLimits
        let guardian = Guard(policy: policy, seed: 7)
        var now = start
        let decoder = JSONDecoder()

        for line in bytes.split(separator: 0x0A).prefix(64) {
            now += Int64(control >> 1) * 1_000 + 1
            if line.first == UInt8(ascii: "V") {
                guard let request = try? decoder.decode(VerificationRequest.self, from: Data(line.dropFirst())) else { continue }
                do {
                    let result = try guardian.verified(request, at: now)
                    PropertyCheck.require(!result.matched || result.id != nil || result.to != nil, "a matched verification names nothing: \(result)")
                } catch {
                    PropertyCheck.require(error.field == "id" || error.field == "to", "verification error names field \(error.field)")
                    PropertyCheck.require(!error.reason.isEmpty, "verification error without a reason")
                }
                continue
            }
            guard let request = try? decoder.decode(CheckRequest.self, from: Data(line)) else { continue }
            do {
                try request.validate()
            } catch {
                PropertyCheck.require(checkFields.contains(error.field), "validate() names field \(error.field) for \(PropertyCheck.excerpt(Array(line)))")
                PropertyCheck.require(!error.reason.isEmpty, "validate() gives no reason for \(PropertyCheck.excerpt(Array(line)))")
                continue
            }
            requireWellFormed(guardian.check(request, at: now), policy: policy, request: Array(line))
        }

        // The snapshot carries everything the next decision depends on.
        let next = CheckRequest(to: "+447700900123", ip: "203.0.113.9", user: "u-1", session: "s-1", purpose: .login)
        let snapshot = guardian.snapshot(at: now)
        let restored: Guard
        do {
            restored = try Guard(restoring: snapshot, policy: policy)
        } catch {
            PropertyCheck.fail("a guard's own snapshot does not restore: \(error)")
        }
        let again = restored.snapshot(at: now)
        if !differingParts(snapshot, again).isEmpty {
            PropertyCheck.fail("a restored guard's snapshot differs in \(differingParts(snapshot, again)) from the one it was restored from: \(PropertyCheck.excerpt(bytes))")
        }
        let a = guardian.check(next, at: now + 1_000)
        let b = restored.check(next, at: now + 1_000)
        PropertyCheck.require(a == b, "the restored guard decides \(b), the guard \(a): \(PropertyCheck.excerpt(bytes))")
    }

    /// The names of the parts in which two snapshots differ.
    ///
    /// Tables are compared as sets of records: a table packs its records in the iteration order
    /// of its dictionaries, which a restored table need not share.
    static func differingParts(_ a: GuardState, _ b: GuardState) -> [String] {
        var parts: [String] = []
        if a.version != b.version { parts.append("version") }
        if a.savedAt != b.savedAt { parts.append("savedAt") }
        if a.hashSeed != b.hashSeed { parts.append("hashSeed") }
        if a.sequence != b.sequence { parts.append("sequence") }
        let tables: [(String, Data, Data)] = [
            ("numbers", a.numbers, b.numbers), ("addresses", a.addresses, b.addresses), ("users", a.users, b.users),
            ("sessions", a.sessions, b.sessions), ("blocks", a.blocks, b.blocks), ("prefixes", a.prefixes, b.prefixes),
            ("pending", a.pending, b.pending), ("countries", a.countries, b.countries),
        ]
        for (name, x, y) in tables where records(x) != records(y) { parts.append(name) }
        if a.stats != b.stats { parts.append("stats: \(a.stats) against \(b.stats)") }
        return parts
    }

    /// The records of a packed table (a little-endian record count, then fixed-size records),
    /// sorted; the raw bytes when they do not split that way.
    static func records(_ data: Data) -> [[UInt8]] {
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { return [bytes] }
        var n = 0
        for i in (0..<8).reversed() { n = n << 8 | Int(bytes[i]) }
        let body = bytes.count - 8
        guard n > 0, n <= body, body % n == 0 else { return [bytes] }
        let size = body / n
        return stride(from: 8, to: bytes.count, by: size).map { Array(bytes[$0..<($0 + size)]) }.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// A decision within its ranges, its verdict following the mode, and surviving JSON.
    static func requireWellFormed(_ d: Decision, policy: GuardPolicy, request: [UInt8]) {
        let what = PropertyCheck.excerpt(request)
        PropertyCheck.require((0...100).contains(d.riskScore), "risk score \(d.riskScore) for \(what)")
        PropertyCheck.require(!d.id.isEmpty, "a decision without an id for \(what)")
        PropertyCheck.require(d.mode == policy.mode, "decision in mode \(d.mode) under a \(policy.mode) policy")
        let expected: Verdict = policy.mode == .monitor ? .allow : d.policyDecision
        PropertyCheck.require(d.decision == expected, "decision \(d.decision) with policy decision \(d.policyDecision) in mode \(d.mode) for \(what)")
        PropertyCheck.require(d.policyDecision == .allow || !d.reasons.isEmpty, "\(d.policyDecision) without a reason for \(what)")
        do {
            let again = try JSONDecoder().decode(Decision.self, from: JSONEncoder().encode(d))
            PropertyCheck.require(again == d, "the decision changes through JSON: \(d) against \(again)")
        } catch {
            PropertyCheck.fail("the decision does not survive JSON: \(error) for \(what)")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCheckRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    CheckRequestHarness.check(FuzzInput(data, size))
    return 0
}
