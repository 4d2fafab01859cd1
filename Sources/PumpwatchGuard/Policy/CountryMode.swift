/// How sends to a destination are handled.
///
/// The modes are those of AWS End User Messaging's protect configurations:
/// - `allow`: always sent; the signals are not consulted;
/// - `block`: never sent;
/// - `monitor`: always sent, and the decision is `monitor` with what the signals recommend;
/// - `filter`: the signals decide (the default for every country).
public enum CountryMode: String, Sendable, Codable, Equatable, CaseIterable {
    case allow, block, monitor, filter
}
