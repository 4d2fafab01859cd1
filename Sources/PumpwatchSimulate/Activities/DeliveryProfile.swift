/// How the texts of one kind of traffic tend to end, as shares of Twilio statuses.
struct DeliveryProfile: Sendable {
    let delivered: Double
    let sentOnly: Double
    let undelivered: Double
    let failed: Double

    /// Ordinary customers: nearly everything is delivered.
    static let customers = DeliveryProfile(delivered: 0.955, sentOnly: 0.01, undelivered: 0.025, failed: 0.01)
    /// Numbers a fraudster controls: delivery receipts are often missing or fake failures.
    static let pumped = DeliveryProfile(delivered: 0.62, sentOnly: 0.26, undelivered: 0.1, failed: 0.02)
    /// The seed's Twilio test: delivered or sent.
    static let atomicTest = DeliveryProfile(delivered: 0.8, sentOnly: 0.2, undelivered: 0, failed: 0)

    func draw(_ rng: inout SplitMix64) -> String {
        switch rng.weightedIndex([delivered, sentOnly, undelivered, failed]) {
        case 0: return "delivered"
        case 1: return "sent"
        case 2: return "undelivered"
        default: return "failed"
        }
    }
}
