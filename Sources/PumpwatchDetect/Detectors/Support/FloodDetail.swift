/// What detectors remember about a busy client once it has several requests in one bucket:
/// the actions or paths, user agents, principals and result codes, bounded.
struct FloodDetail {
    var actions = BoundedCounter<String>(capacity: 20)
    var agents = BoundedSamples<String>(limit: 3)
    var principals = BoundedSamples<String>(limit: 3)
    var results = BoundedCounter<String>(capacity: 20)

    mutating func add(_ call: SMSAPICall) {
        actions.add(call.action)
        if let v = call.userAgent { agents.insert(v) }
        if let v = call.principal { principals.insert(v) }
        results.add(call.errorCode ?? "success")
    }
}
