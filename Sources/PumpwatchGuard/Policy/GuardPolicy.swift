/// Everything the guard decides with.
///
/// Its mode, the score cut-offs, the destination rules, the allow list, the price table, the state
/// bound and each signal's thresholds.
///
/// `GuardPolicy()` is the standard policy; `PolicyLoader` reads one from YAML, each key laid over
/// the standard value, and checks it.
public struct GuardPolicy: Sendable {
    public var mode: GuardMode = .enforce
    public var cutoffs = ScoreCutoffs()
    /// The most points country- and prefix-wide signals may add together.
    public var aggregateCap = 60
    /// How long after sending a code its verification still counts, seconds.
    public var verificationWindow: UInt32 = 3600
    public var countryRules = CountryRuleSignal()
    public var allowList = AllowListSignal()
    public var prices: PriceTable = .standard
    public var limits = StateLimits()

    public var numberVelocity = NumberVelocitySignal()
    public var ipVelocity = IPVelocitySignal()
    public var identityVelocity = IdentityVelocitySignal()
    public var ipSpread = IPSpreadSignal()
    public var numberBlock = NumberBlockSignal()
    public var highRisk = HighRiskDestinationSignal()
    public var validity = NumberValiditySignal()
    public var spendBudget = SpendBudgetSignal()
    public var conversion = ConversionSignal()
    public var ipUnverified = UnverifiedIPSignal()
    public var verifiedHistory = VerifiedHistorySignal()

    public init() {}

    /// The standard policy.
    public static var standard: GuardPolicy { GuardPolicy() }

    /// Checks what single keys cannot.
    ///
    /// The cut-offs must rise from monitor to block, the state bound must leave room to work.
    public func validate(file: String? = nil) throws(PolicyError) {
        guard (0...100).contains(cutoffs.monitor), cutoffs.monitor <= cutoffs.challenge, cutoffs.challenge <= cutoffs.block, cutoffs.block <= 100 else {
            throw PolicyError(file: file, key: "cutoffs", reason: "expected 0 <= monitor <= challenge <= block <= 100, found \(cutoffs.monitor), \(cutoffs.challenge), \(cutoffs.block)")
        }
        for key in StateLimits.keys where limits[key] < 100 || limits[key] > 50_000_000 {
            throw PolicyError(file: file, key: "limits.\(key)", reason: "expected 100 to 50000000 records, found \(limits[key])")
        }
        guard (0...100).contains(aggregateCap) else {
            throw PolicyError(file: file, key: "aggregate_cap", reason: "expected 0 to 100, found \(aggregateCap)")
        }
    }
}
