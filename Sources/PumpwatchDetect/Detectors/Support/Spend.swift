/// Money and messages in one bucket.
struct Spend: BurstTally, Hashable {
    var cost: Double = 0
    var messages: Double = 0
    var priced: Int32 = 0

    static let zero = Spend()

    init() {}

    init(cost: Double, messages: Double, priced: Bool = false) {
        self.cost = cost
        self.messages = messages
        self.priced = priced ? 1 : 0
    }

    var total: Int { Int(messages.rounded()) }

    static func + (a: Spend, b: Spend) -> Spend {
        var r = a
        r.cost += b.cost
        r.messages += b.messages
        r.priced += b.priced
        return r
    }
}
