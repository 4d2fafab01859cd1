#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Recognises IPv4 and IPv6 address literals, as ECS `source.ip` accepts them.
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
}
