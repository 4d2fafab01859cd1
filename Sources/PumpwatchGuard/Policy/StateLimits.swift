/// The most records each state table holds: the guard's hard memory bound.
///
/// Every table is a capped two-generation LRU (`CappedTable`), so an attack with a million
/// distinct numbers and a hundred thousand addresses evicts the least recently used records
/// instead of growing. A generation holds half the limit; the defaults fill their hash tables'
/// power-of-two sizes (a generation of 393,216 records takes 2^19 slots). With every table full,
/// the tables take about 230 MB: numbers 58, addresses 77 (two 512-bit sketches each), users 31,
/// sessions 16, blocks 17, pending codes 25, prefixes 6.
public struct StateLimits: Sendable, Equatable, Codable {
    public var numbers: Int = 786_432
    public var addresses: Int = 196_608
    public var users: Int = 196_608
    public var sessions: Int = 98_304
    public var blocks: Int = 196_608
    public var prefixes: Int = 49_152
    /// Codes sent that a verification can still match.
    public var pending: Int = 393_216

    public init() {}

    static let keys = ["numbers", "addresses", "users", "sessions", "blocks", "prefixes", "pending"]

    subscript(key: String) -> Int {
        get {
            switch key {
            case "numbers": return numbers
            case "addresses": return addresses
            case "users": return users
            case "sessions": return sessions
            case "blocks": return blocks
            case "prefixes": return prefixes
            default: return pending
            }
        }
        set {
            switch key {
            case "numbers": numbers = newValue
            case "addresses": addresses = newValue
            case "users": users = newValue
            case "sessions": sessions = newValue
            case "blocks": blocks = newValue
            case "prefixes": prefixes = newValue
            default: pending = newValue
            }
        }
    }
}
