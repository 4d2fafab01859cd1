/// Counts and cost of texts, kept per log that reports them so that one text seen in two logs
/// counts once.
///
/// A Twilio message appears in the Messages list and in Event Streams; an SNS text in the
/// CloudTrail `Publish` (or the Cognito call that caused it) and in the delivery status log. The
/// logs of one provider overlap, so the total takes the larger of them; the providers add up:
/// `max(twilio messages, twilio events) + twilio verify + max(sns api, sns delivery)`. This holds
/// whatever order the files are read in, without keeping message ids.
struct MessageTally: Sendable, Hashable {
    var twilioMessages: Int32 = 0
    var twilioEvents: Int32 = 0
    var twilioVerify: Int32 = 0
    var snsAPI: Int32 = 0
    var snsDelivery: Int32 = 0
    var twilioMessagesCost: Float = 0
    var twilioEventsCost: Float = 0
    var snsDeliveryCost: Float = 0

    static let zero = MessageTally()

    init() {}

    /// One text seen in `view`, with its price when the log gives one.
    init(view: MessageView, price: Double?) {
        add(view: view, price: price)
    }

    mutating func add(view: MessageView, price: Double?) {
        let p = Float(price ?? 0)
        switch view {
        case .twilioMessages: twilioMessages += 1; twilioMessagesCost += p
        case .twilioEvents: twilioEvents += 1; twilioEventsCost += p
        case .twilioVerify: twilioVerify += 1
        case .snsAPI: snsAPI += 1
        case .snsDelivery: snsDelivery += 1; snsDeliveryCost += p
        }
    }

    /// The number of distinct texts.
    var total: Int {
        Int(max(twilioMessages, twilioEvents)) + Int(twilioVerify) + Int(max(snsAPI, snsDelivery))
    }

    /// The texts sent through Twilio and through SNS.
    var twilio: Int { Int(max(twilioMessages, twilioEvents)) + Int(twilioVerify) }
    var sns: Int { Int(max(snsAPI, snsDelivery)) }

    /// What the texts cost, as far as the logs price them (USD).
    var cost: Double {
        Double(max(twilioMessagesCost, twilioEventsCost)) + Double(snsDeliveryCost)
    }

    /// What the Twilio texts and the SNS texts cost (USD).
    var twilioCost: Double { Double(max(twilioMessagesCost, twilioEventsCost)) }
    var snsCost: Double { Double(snsDeliveryCost) }

    /// The part of the tally sent through one provider (`twilio` or `sns`).
    func provider(_ name: String) -> MessageTally {
        var t = self
        if name == "twilio" {
            t.snsAPI = 0; t.snsDelivery = 0; t.snsDeliveryCost = 0
        } else {
            t.twilioMessages = 0; t.twilioEvents = 0; t.twilioVerify = 0; t.twilioMessagesCost = 0; t.twilioEventsCost = 0
        }
        return t
    }

    /// The logs that reported texts (`twilio-messages`, `sns-delivery`, ...).
    var views: [String] {
        var out: [String] = []
        if twilioMessages > 0 { out.append("twilio-messages") }
        if twilioEvents > 0 { out.append("twilio-events") }
        if twilioVerify > 0 { out.append("twilio-verify") }
        if snsAPI > 0 { out.append("cloudtrail") }
        if snsDelivery > 0 { out.append("sns-delivery") }
        return out
    }

    static func + (a: MessageTally, b: MessageTally) -> MessageTally {
        var r = a
        r += b
        return r
    }

    static func += (a: inout MessageTally, b: MessageTally) {
        a.twilioMessages += b.twilioMessages
        a.twilioEvents += b.twilioEvents
        a.twilioVerify += b.twilioVerify
        a.snsAPI += b.snsAPI
        a.snsDelivery += b.snsDelivery
        a.twilioMessagesCost += b.twilioMessagesCost
        a.twilioEventsCost += b.twilioEventsCost
        a.snsDeliveryCost += b.snsDeliveryCost
    }
}

/// The log a text was seen in.
enum MessageView: Int, Sendable {
    /// Twilio's Messages list (`Messages.json`).
    case twilioMessages
    /// Twilio Event Streams message status events.
    case twilioEvents
    /// Twilio Verify: a code sent (`verification.pending`).
    case twilioVerify
    /// CloudTrail: an SNS `Publish` to a phone number, or a Cognito call that texted a visible number.
    case snsAPI
    /// SNS SMS delivery status logs.
    case snsDelivery

    /// The provider that sent the text.
    var provider: String {
        switch self {
        case .twilioMessages, .twilioEvents, .twilioVerify: return "twilio"
        case .snsAPI, .snsDelivery: return "sns"
        }
    }
}
