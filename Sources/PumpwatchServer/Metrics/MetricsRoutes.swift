import Hummingbird

/// `GET /metrics`: the server's metrics in the Prometheus text format. Like every route but the
/// health probes, it needs a bearer token (give Prometheus one with `authorization.credentials`).
struct MetricsRoutes {
    let metrics: ServerMetrics

    func addRoutes(to router: Router<PumpwatchRequestContext>) {
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.text())))
        }
    }
}
