/// The benign week with every seed test and campaign on its last day, in one export-like folder.
struct AllScenario: Scenario {
    let name = "all"
    let summary = "The baseline week plus every seed test and campaign on the last day"

    /// The scenarios `all` runs, in order.
    static let parts: [any Scenario] = [
        BaselineScenario(),
        SNSPublishBurstScenario(),
        CognitoForgotPasswordFloodScenario(),
        OTPEndpointBurstScenario(),
        TwilioAPIBurstScenario(),
        SequentialBlockScenario(),
        HighRiskCountriesScenario(),
        LowAndSlowScenario(),
        CompromisedHostScenario(),
    ]

    func write(to context: SimulationContext) {
        for part in AllScenario.parts { context.run(part) }
    }
}
