/// The allow list (`allow-list`).
///
/// A send from a listed network, or to a listed country or number pattern, is allowed whatever
/// every other signal and rule says.
public struct AllowListSignal: Sendable {
    public var list = AllowList()

    public init() {}

    public init(list: AllowList) {
        self.list = list
    }

    /// The reason when the allow list covers the send.
    func match(destination: DestinationNumber?, address: ClientAddress?) -> Reason? {
        guard !list.isEmpty, let why = list.match(destination: destination, address: address) else { return nil }
        return Reason(signal: "allow-list", detail: why, value: 1, threshold: nil, score: 0)
    }
}
