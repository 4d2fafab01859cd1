/// A deterministic list of IPv4 addresses drawn from a few ranges: the n-th address is always the same.
struct AddressPool: Sendable {
    /// (first address as a 32-bit number, how many usable addresses).
    private let ranges: [(UInt32, Int)]
    let count: Int

    /// `ranges` are CIDR blocks (`203.0.113.0/24`); network and broadcast addresses are skipped.
    init(_ cidrs: [String]) {
        var list: [(UInt32, Int)] = []
        for cidr in cidrs {
            let parts = cidr.split(separator: "/")
            let bits = Int(parts[1])!
            let octets = parts[0].split(separator: ".").map { UInt32($0)! }
            let base = octets[0] << 24 | octets[1] << 16 | octets[2] << 8 | octets[3]
            let size = 1 << (32 - bits)
            list.append((base + 1, max(1, size - 2)))
        }
        ranges = list
        count = list.reduce(0) { $0 + $1.1 }
    }

    /// The address at `index` (wrapping around past the end).
    func address(_ index: Int) -> String {
        var i = ((index % count) + count) % count
        for (base, size) in ranges {
            if i < size { return AddressPool.format(base + UInt32(i)) }
            i -= size
        }
        return AddressPool.format(ranges[0].0)
    }

    static func format(_ v: UInt32) -> String {
        "\(v >> 24).\((v >> 16) & 0xFF).\((v >> 8) & 0xFF).\(v & 0xFF)"
    }

    /// Addresses of the shop's customers: MaxMind's GeoIP test ranges first, then residential-looking blocks.
    static let customers = AddressPool([
        "175.16.199.0/24", "67.43.156.0/24", "81.2.69.128/26", "89.160.20.112/28", "216.160.83.56/29",
        "73.162.0.0/16", "98.210.0.0/16", "86.12.0.0/16", "92.40.0.0/16", "187.10.0.0/16",
        "49.36.0.0/16", "1.120.0.0/16", "110.33.0.0/16", "109.150.0.0/16", "24.114.0.0/16",
    ])

    /// Addresses the campaigns come from: the documentation ranges first, then proxy-looking blocks.
    static let attackers = AddressPool([
        "198.51.100.0/24", "192.0.2.0/24", "45.134.0.0/16", "91.92.0.0/16", "194.26.0.0/16",
    ])
}
