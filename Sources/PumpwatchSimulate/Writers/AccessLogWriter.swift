/// Writes nginx "combined" access log lines to `web/access.log`, in time order.
final class AccessLogWriter {
    static let key = "web/access.log"
    private let catalog: FileCatalog
    private let store: TimeOrderedLineStore

    init(catalog: FileCatalog, store: TimeOrderedLineStore) {
        self.catalog = catalog
        self.store = store
    }

    func append(_ request: WebRequest) {
        store.append(AccessLogWriter.line(request), at: request.millis, to: AccessLogWriter.key)
    }

    /// `IP - - [22/Nov/2026:10:00:00 +0000] "POST /path HTTP/1.1" 200 123 "referer" "agent"`.
    static func line(_ r: WebRequest) -> String {
        var target = r.path
        if let q = r.query { target += "?" + q }
        return "\(r.clientIP) - - [\(CivilTime(millis: r.millis).accessLog)] \"\(r.method) \(target) HTTP/1.1\" \(r.status) \(r.responseBytes) \"\(r.referer ?? "-")\" \"\(r.userAgent)\""
    }

    func finish() throws(SimulationError) {
        guard store.count(of: AccessLogWriter.key) > 0 else { return }
        _ = try store.writeMergedLines(of: AccessLogWriter.key, to: catalog.absolute(AccessLogWriter.key))
        catalog.record(AccessLogWriter.key, format: .webAccess, records: store.count(of: AccessLogWriter.key))
    }
}
