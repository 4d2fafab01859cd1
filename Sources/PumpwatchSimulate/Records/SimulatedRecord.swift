/// Any record a scenario emits; the simulation context routes it to the writer of its format.
enum SimulatedRecord {
    case cloudTrail(CloudTrailEvent)
    case falcon(FalconEvent)
    case twilioMessage(TwilioMessage)
    case twilioEvent(TwilioStreamEvent)
    case snsDelivery(SNSDeliveryRecord)
    case webRequest(WebRequest)
    case snsCharge(SNSCharge)

    /// The time the record belongs at in its file.
    var millis: Int64 {
        switch self {
        case .cloudTrail(let r): return r.millis
        case .falcon(let r): return r.millis
        case .twilioMessage(let r): return r.createdMillis
        case .twilioEvent(let r): return r.millis
        case .snsDelivery(let r): return r.logMillis
        case .webRequest(let r): return r.millis
        case .snsCharge(let r): return r.millis
        }
    }
}
