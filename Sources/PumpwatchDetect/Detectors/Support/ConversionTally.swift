/// Codes sent and verified, per log, so the web access log and Application Insights do not double count.
struct ConversionTally: BurstTally, Hashable {
    var sentAPI: Int32 = 0, sentWeb: Int32 = 0, sentApp: Int32 = 0
    var verifiedAPI: Int32 = 0, verifiedWeb: Int32 = 0, verifiedApp: Int32 = 0

    static let zero = ConversionTally()

    init() {}

    init(sent: Bool, view: SMSAPICall.CallView) {
        switch (sent, view) {
        case (true, .api): sentAPI = 1
        case (true, .web): sentWeb = 1
        case (true, .app): sentApp = 1
        case (false, .api): verifiedAPI = 1
        case (false, .web): verifiedWeb = 1
        case (false, .app): verifiedApp = 1
        }
    }

    var sent: Int { Int(sentAPI) + Int(max(sentWeb, sentApp)) }
    var verified: Int { Int(verifiedAPI) + Int(max(verifiedWeb, verifiedApp)) }
    var total: Int { sent }

    /// Verified per sent code (at most 1; 0 when nothing was sent).
    var ratio: Double { sent > 0 ? min(1, Double(verified) / Double(sent)) : 0 }

    var views: [String] {
        var out: [String] = []
        if sentAPI + verifiedAPI > 0 { out.append("api-events") }
        if sentWeb + verifiedWeb > 0 { out.append("web-access") }
        if sentApp + verifiedApp > 0 { out.append("app-requests") }
        return out
    }

    static func + (a: ConversionTally, b: ConversionTally) -> ConversionTally {
        var r = a
        r.sentAPI += b.sentAPI; r.sentWeb += b.sentWeb; r.sentApp += b.sentApp
        r.verifiedAPI += b.verifiedAPI; r.verifiedWeb += b.verifiedWeb; r.verifiedApp += b.verifiedApp
        return r
    }
}
