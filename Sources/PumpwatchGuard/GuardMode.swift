/// Whether the guard's decisions take effect or are only reported.
///
/// `enforce` applies them; in `monitor` every send is allowed and each decision says what the
/// policy would have done.
public enum GuardMode: String, Sendable, Codable, Equatable, CaseIterable {
    case enforce, monitor
}
