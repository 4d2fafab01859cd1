/// A story told in telemetry: benign activity, one of the seed's attack tests, or a pumping campaign.
public protocol Scenario: Sendable {
    /// The name `pumpwatch simulate` takes (`sns-publish-burst`).
    var name: String { get }
    /// One line on what the scenario contains.
    var summary: String { get }
    /// Emits the scenario's records into the context, which writes them in the real formats.
    func write(to context: SimulationContext)
}
