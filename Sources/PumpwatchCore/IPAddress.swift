#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// IPv4 and IPv6 addresses: validation (as ECS `source.ip` accepts them), parsing and CIDR membership.
public enum IPAddress {
    /// True when `text` is a dotted-quad IPv4 address or an IPv6 address (an optional `%zone` suffix is allowed).
    public static func isValid(_ text: String) -> Bool {
        isIPv4(text) || isIPv6(text)
    }

    /// True for a dotted-quad IPv4 address such as `216.160.83.56` (no leading zeros, each part 0–255).
    public static func isIPv4(_ text: String) -> Bool {
        var parts = 0
        var digits = 0
        var value = 0
        var leadingZero = false
        for c in text.utf8 {
            if c == UInt8(ascii: ".") {
                guard digits > 0 else { return false }
                parts += 1
                digits = 0
                value = 0
                leadingZero = false
                continue
            }
            guard c >= 48, c <= 57 else { return false }
            if digits == 1 && leadingZero { return false }
            if digits == 0 && c == 48 { leadingZero = true }
            value = value * 10 + Int(c - 48)
            digits += 1
            if value > 255 || digits > 3 { return false }
        }
        return digits > 0 && parts == 3
    }

    /// True for an IPv6 address literal (`2001:db8::1`, `::ffff:10.0.0.1`, `fe80::1%eth0`).
    public static func isIPv6(_ text: String) -> Bool {
        guard text.utf8.contains(UInt8(ascii: ":")), text.utf8.count <= 64 else { return false }
        var address = text
        if let percent = text.firstIndex(of: "%") {
            guard text.index(after: percent) < text.endIndex else { return false }
            address = String(text[..<percent])
        }
        var buffer = [UInt8](repeating: 0, count: 16)
        return address.withCString { inet_pton(AF_INET6, $0, &buffer) } == 1
    }

    /// The 16 bytes of an IPv6 address or an IPv4 address mapped into IPv6 space, with its family.
    public static func parse(_ text: String) -> (bytes: [UInt8], isV4: Bool)? {
        if let v4 = parseV4(text) { return ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF] + v4, true) }
        if let v6 = parseV6(text) { return (v6, false) }
        return nil
    }

    static func parseV4(_ s: String) -> [UInt8]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy(\.isASCII), let v = UInt8(p) else { return nil }
            out.append(v)
        }
        return out
    }

    static func parseV6(_ s: String) -> [UInt8]? {
        guard s.contains(":") else { return nil }
        let halves = s.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var out: [UInt16] = []
            let items = part.split(separator: ":", omittingEmptySubsequences: false)
            for (i, g) in items.enumerated() {
                if i == items.count - 1, g.contains("."), let v4 = parseV4(String(g)) {
                    out.append(UInt16(v4[0]) << 8 | UInt16(v4[1]))
                    out.append(UInt16(v4[2]) << 8 | UInt16(v4[3]))
                } else {
                    guard !g.isEmpty, g.count <= 4, let v = UInt16(g, radix: 16) else { return nil }
                    out.append(v)
                }
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        let tail = halves.count == 2 ? groups(halves[1]) : []
        guard let tail else { return nil }
        let fill = 8 - head.count - tail.count
        guard fill >= (halves.count == 2 ? 0 : 0), halves.count == 2 || fill == 0, fill >= 0 else { return nil }
        let all = head + Array(repeating: 0, count: fill) + tail
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// True when `ip` lies in `block` (`10.0.0.0/8`, `2001:db8::/32`, or a bare address).
    public static func cidrContains(_ block: String, _ ip: String) -> Bool {
        let parts = block.split(separator: "/", maxSplits: 1)
        guard let net = parse(String(parts[0])), let addr = parse(ip), net.isV4 == addr.isV4 else { return false }
        var bits = net.isV4 ? 32 : 128
        if parts.count == 2 {
            guard let b = Int(parts[1]), b >= 0, b <= bits else { return false }
            bits = b
        }
        if net.isV4 { bits += 96 }
        for i in 0..<16 {
            let take = max(0, min(8, bits - i * 8))
            if take == 0 { break }
            let mask: UInt8 = take == 8 ? 0xFF : UInt8(0xFF << (8 - take) & 0xFF)
            if net.bytes[i] & mask != addr.bytes[i] & mask { return false }
        }
        return true
    }

    /// The network address of `ip` with `bits` prefix bits, printed in its family's form.
    public static func prefix(_ ip: String, bits: Int) -> String? {
        guard let addr = parse(ip) else { return nil }
        if addr.isV4 {
            guard bits >= 0, bits <= 32 else { return nil }
            let v = addr.bytes[12...].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let masked = bits == 0 ? 0 : v & (UInt32.max << (32 - UInt32(bits)))
            return [24, 16, 8, 0].map { String((masked >> UInt32($0)) & 0xFF) }.joined(separator: ".")
        }
        return nil
    }
}
