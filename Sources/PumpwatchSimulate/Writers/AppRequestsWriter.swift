import PumpwatchCore

/// Writes Application Insights `AppRequests` rows as NDJSON to `appinsights/AppRequests.ndjson`,
/// in time order, as a Log Analytics export gives them.
final class AppRequestsWriter {
    static let key = "appinsights/AppRequests.ndjson"
    private let catalog: FileCatalog
    private let store: TimeOrderedLineStore

    init(catalog: FileCatalog, store: TimeOrderedLineStore) {
        self.catalog = catalog
        self.store = store
    }

    func append(_ request: WebRequest) {
        store.append(AppRequestsWriter.row(request), at: request.millis, to: AppRequestsWriter.key)
    }

    static func row(_ r: WebRequest) -> String {
        var url = "https://\(SimulatedOrganization.webHost)\(r.path)"
        if let q = r.query { url += "?" + q }
        let bucket: String
        switch r.durationMs {
        case ..<250: bucket = "<250ms"
        case ..<500: bucket = "250ms-500ms"
        case ..<1000: bucket = "500ms-1sec"
        default: bucket = "1sec-3sec"
        }
        let m: [(String, Value)] = [
            ("TenantId", .string(SimulatedOrganization.appInsightsTenantID)),
            ("TimeGenerated", .string(Timestamp.iso8601(millis: r.millis))),
            ("Id", .string(r.requestID)),
            ("Source", .null),
            ("Name", .string(r.operationName)),
            ("Url", .string(url)),
            ("Success", .bool(r.status < 400)),
            ("ResultCode", .string(String(r.status))),
            ("DurationMs", .double((r.durationMs * 1000).rounded() / 1000)),
            ("PerformanceBucket", .string(bucket)),
            ("ItemCount", .int(1)),
            ("OperationId", .string(r.operationID)),
            ("OperationName", .string(r.operationName)),
            ("ClientType", .string("PC")),
            ("ClientIP", .string(r.clientIP)),
            ("AppRoleName", .string(SimulatedOrganization.appRoleName)),
            ("AppRoleInstance", .string(r.roleInstance)),
            ("SDKVersion", .string("node:2.9.6")),
            ("_ResourceId", .string(SimulatedOrganization.appInsightsResourceID)),
            ("Type", .string("AppRequests")),
        ]
        return JSONWriter.object(m)
    }

    func finish() throws(SimulationError) {
        guard store.count(of: AppRequestsWriter.key) > 0 else { return }
        _ = try store.writeMergedLines(of: AppRequestsWriter.key, to: catalog.absolute(AppRequestsWriter.key))
        catalog.record(AppRequestsWriter.key, format: .appRequests, records: store.count(of: AppRequestsWriter.key))
    }
}
