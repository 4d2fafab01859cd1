import PumpwatchCore

/// Turns events into outbound texts for the destination detectors, dropping Event Streams'
/// repeated status events of one message (`sent`, then `delivered`) by message sid.
struct MessageIntake {
    private var recent: RecentIDs

    /// `capacity`: how many recent Event Streams message sids to remember.
    init(capacity: Int) {
        recent = RecentIDs(capacity: capacity)
    }

    /// The parameter naming that capacity, with its default.
    static let capacityParameter = "dedupe_capacity"
    static let defaultCapacity = 200_000

    /// The text `event` describes, unless it is a repeat or not a text.
    mutating func accept(_ observed: ObservedEvent) -> OutboundMessage? {
        guard let m = observed.outboundMessage else { return nil }
        if m.view == .twilioEvents, let id = m.messageID, !recent.insert(id) { return nil }
        return m
    }

    /// The input formats that carry texts.
    static let formats: Set<SourceFormat> = [.twilioMessages, .twilioEvents, .snsDelivery, .cloudtrail, .ndjson]
}
