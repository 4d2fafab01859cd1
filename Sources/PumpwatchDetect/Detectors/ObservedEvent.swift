import PumpwatchCore

/// One event as the built-in detectors see it, with what they read from it worked out once,
/// whatever the number of detectors: the outbound text it describes and the SMS-sending call it is.
///
/// `HuntEngine` wraps each event once and hands the same wrapper to every detector; a detector
/// observed alone wraps the event itself.
public final class ObservedEvent {
    public let event: Event

    public init(_ event: Event) {
        self.event = event
    }

    /// The outbound text the event describes (`OutboundMessage.from`), or nil.
    lazy var outboundMessage: OutboundMessage? = OutboundMessage.from(event)

    /// The call the event is before any rule's own action or path list (`SMSAPICall.from`), or nil.
    lazy var call: SMSAPICall? = SMSAPICall.from(event)
}
