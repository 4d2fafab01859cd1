/// Everything the signals may read about one check, gathered once.
///
/// The destination, the client, and the state records of each, already counting this request as an
/// attempt.
struct CheckFacts {
    /// Epoch seconds.
    var now: UInt32
    var destination: DestinationNumber?
    var address: ClientAddress?
    /// The destination's record after this attempt.
    var number: NumberRecord?
    /// The destination's previous attempt, epoch seconds (0: none).
    var previousAttempt: UInt32 = 0
    var ip: IPRecord?
    var user: IdentityRecord?
    var session: IdentityRecord?
    /// The destination's blocks, one per configured width.
    var blocks: [BlockSighting] = []
    /// The destination's prefix (`+23276`) and its record.
    var prefix: String?
    var prefixRecord: ConversionRecord?
    /// The baseline's conversion for the prefix, when it has one.
    var prefixBaselineConversion: Double?
    var country = ConversionRecord()
    var norms = CountryNorms()
    /// The price of this send by the price table.
    var price: Double = 0

    init(now: UInt32) {
        self.now = now
    }
}

/// One number block of the destination and the distinct numbers requested in it.
struct BlockSighting {
    let block: String
    let trailingDigits: Int
    let distinct: Double
    let limit: Limit
}

/// What is normal for a destination country, from the baseline and the policy.
struct CountryNorms: Sendable {
    /// Whether the baseline saw the country (`nil` without a baseline).
    var seen: Bool?
    /// Verified codes per code sent.
    var expectedConversion: Double = 0.7
    /// Codes sent in a busy hour and a busy day.
    var hourlySends: Double = 0
    var dailySends: Double = 0
    /// Verified codes on the baseline's busiest day.
    var dailyVerified: Double = 0
    /// The day's spend allowed.
    var dailyBudget: Double = 0
}
