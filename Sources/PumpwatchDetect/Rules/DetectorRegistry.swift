/// The built-in detectors, by the name rule files give in `detector:`.
///
/// Rule files name a detector; this list is how a name becomes a type. Add each new detector
/// type to `all`.
public enum DetectorRegistry {
    /// Every detector type pumpwatch ships.
    public static var all: [any Detector.Type] {
        [
            RepeatedDestinationDetector.self,
            SequentialBlockDetector.self,
            HighRiskDestinationDetector.self,
            NewDestinationCountryDetector.self,
            SourceConcentrationDetector.self,
            NewCallerDetector.self,
            OTPRequestFloodDetector.self,
            OTPEndpointFloodDetector.self,
            ConversionCollapseDetector.self,
            SpendSpikeDetector.self,
            CallerDestinationJoin.self,
            FalconHostBaselineDetector.self,
        ]
    }

    /// The detector type registered under `name`, or `nil`.
    public static func type(named name: String) -> (any Detector.Type)? {
        all.first { $0.name == name }
    }

    /// The registered detector names, sorted.
    public static var names: [String] {
        all.map { $0.name }.sorted()
    }
}
