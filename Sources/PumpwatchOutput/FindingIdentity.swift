import PumpwatchCore
import PumpwatchDetect

/// Stable names for a finding: the rule and its entities, independent of times and counts, so the
/// same activity seen in two runs gets the same key and fingerprint.
enum FindingIdentity {
    /// `rule-id|name=value|name=value`, entities in their order.
    static func key(_ finding: Finding) -> String {
        var parts = [finding.ruleID]
        for (name, value) in finding.entities {
            parts.append(name + "=" + (value.stringValue ?? ""))
        }
        return parts.joined(separator: "|")
    }

    /// 16 hex digits of the 64-bit FNV-1a hash of the key.
    static func fingerprint(_ finding: Finding) -> String {
        hex(fnv1a(key(finding)))
    }

    /// A 32-hex-digit id for one finding occurrence: the key plus its time range.
    static func uid(_ finding: Finding) -> String {
        let base = key(finding)
        let withTime = base + "|" + String(finding.firstSeen ?? 0) + "|" + String(finding.lastSeen ?? 0)
        return hex(fnv1a(base)) + hex(fnv1a(withTime))
    }

    static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    static func hex(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
