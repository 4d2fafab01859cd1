/// One kind of evidence about a send.
///
/// Each signal is a value holding its own thresholds (its part of the policy) that reads the facts
/// gathered for a check and adds its reasons.
///
/// The engine keeps every signal as a concrete stored property and calls it directly, so
/// evaluation is statically dispatched: no existential boxes on the hot path.
protocol Signal: Sendable {
    /// Where the signal's points go in the score.
    static var tier: SignalTier { get }
    /// Adds the signal's reasons for the check described by `facts`.
    func evaluate(_ facts: CheckFacts, into reasons: inout ReasonList)
}

/// How a signal's points combine into the risk score.
///
/// `aggregate` points (country- and prefix-wide conversion and spend) are capped by the policy's
/// `aggregate_cap`, so evidence about a whole country can challenge its sends but cannot block a
/// real user on its own; `destination` and `entity` points (the number, the address, the user)
/// are not capped; `trust` points are negative.
enum SignalTier: Sendable {
    case destination, entity, aggregate, trust
}
