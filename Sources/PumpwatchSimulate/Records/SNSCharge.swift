/// One SMS that Amazon SNS sent and billed, as the account's CloudWatch SMS metrics count it.
struct SNSCharge {
    var millis: Int64
    var priceUSD: Double
    var failed: Bool
}
