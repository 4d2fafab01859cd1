import Foundation
import FuzzSupport
import PumpwatchGuard

/// Fuzzes restoring the guard from a snapshot (`Guard(restoring:)`), as `serve` does from its
/// store at start: a snapshot whose packed tables are damaged either fails with a
/// `GuardStateError` naming the part, or restores a guard whose tables stay within the policy's
/// limits and which judges requests without trapping.
///
/// The snapshot is a real one (a guard after a few requests); the first input byte chooses
/// which of its packed tables the rest of the input replaces or overwrites.
@main
enum GuardStateHarness {
    static func main() {
        FuzzDriver.run { data, size in
            GuardStateHarness.check(FuzzInput(data, size))
            return 0
        }
    }

    static let now: Int64 = 1_795_000_000_000
    static let partNames = ["numbers", "addresses", "users", "sessions", "blocks", "prefixes", "pending", "countries"]

    /// The packed table `index` (in `partNames` order) of `state`.
    static func part(_ index: Int, of state: GuardState) -> Data {
        switch index {
        case 0: return state.numbers
        case 1: return state.addresses
        case 2: return state.users
        case 3: return state.sessions
        case 4: return state.blocks
        case 5: return state.prefixes
        case 6: return state.pending
        default: return state.countries
        }
    }

    static func setPart(_ index: Int, of state: inout GuardState, to data: Data) {
        switch index {
        case 0: state.numbers = data
        case 1: state.addresses = data
        case 2: state.users = data
        case 3: state.sessions = data
        case 4: state.blocks = data
        case 5: state.prefixes = data
        case 6: state.pending = data
        default: state.countries = data
        }
    }

    /// A snapshot of a guard that has seen a spread of requests, so every table holds entries.
    static let base: GuardState = {
        var policy = GuardPolicy()
        var l = StateLimits()
        (l.numbers, l.addresses, l.users, l.sessions, l.blocks, l.prefixes, l.pending) = (100, 100, 100, 100, 100, 100, 100)
        policy.limits = l
        let g = Guard(policy: policy, seed: 11)
        let numbers = ["+447700900123", "+447700900124", "+447700900125", "+15005550006", "+8821234567", "+4915112345678", "+33612345678"]
        for (i, to) in numbers.enumerated() {
            let d = g.check(
                CheckRequest(to: to, ip: "203.0.113.\(i)", user: "user-\(i % 3)", session: "session-\(i % 2)", purpose: .signup),
                at: now + Int64(i) * 60_000)
            if i % 2 == 0 { g.verified(id: d.id, at: now + Int64(i) * 60_000 + 30_000) }
        }
        return g.snapshot(at: now + 600_000)
    }()

    static func check(_ input: FuzzInput) {
        var input = input
        let control = input.takeByte()
        let offset = Int(input.takeByte()) << 8 | Int(input.takeByte())
        let bytes = input.payload
        let index = Int(control & 7)
        var state = base
        var part = Self.part(index, of: state)
        if control & 8 == 0 {
            part = Data(bytes)
        } else if !part.isEmpty {
            // Overwrite in place from `offset`, keeping the length, so the damage lies inside a valid layout.
            var b = [UInt8](part)
            let start = offset % b.count
            for (i, x) in bytes.enumerated() where start + i < b.count { b[start + i] = x }
            part = Data(b)
        }
        setPart(index, of: &state, to: part)
        if control & 16 != 0 { state.sequence = UInt64(offset) }

        // Limits that fit the snapshot, or (by the control byte) ones it overflows when restored.
        var policy = GuardPolicy()
        var l = StateLimits()
        let size = control & 32 == 0 ? 100 : 2
        (l.numbers, l.addresses, l.users, l.sessions, l.blocks, l.prefixes, l.pending) = (size, size, size, size, size, size, size)
        policy.limits = l
        let restored: Guard
        do {
            restored = try Guard(restoring: state, policy: policy)
        } catch {
            PropertyCheck.require(!error.part.isEmpty && !error.reason.isEmpty, "a restore error without part or reason: \(error)")
            return
        }
        let limits = [
            "numbers": l.numbers, "addresses": l.addresses, "users": l.users, "sessions": l.sessions, "blocks": l.blocks,
            "prefixes": l.prefixes, "pending": l.pending,
        ]
        for (name, size) in restored.tableSizes {
            if let limit = limits[name] {
                PropertyCheck.require(size <= limit, "table \(name) restored with \(size) entries over its limit \(limit) (damaged \(partNames[index]))")
            }
        }
        for (i, to) in ["+447700900123", "+447700900126", "+8821234567", "+15005550006"].enumerated() {
            let d = restored.check(CheckRequest(to: to, ip: "203.0.113.\(i)", user: "user-\(i)", session: "session-1"), at: now + 700_000 + Int64(i))
            PropertyCheck.require((0...100).contains(d.riskScore), "risk score \(d.riskScore) after restoring a damaged \(partNames[index])")
            restored.verified(id: d.id, at: now + 710_000 + Int64(i))
        }
        _ = restored.stats()
        _ = restored.snapshot(at: now + 800_000)
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGuardState(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    GuardStateHarness.check(FuzzInput(data, size))
    return 0
}
