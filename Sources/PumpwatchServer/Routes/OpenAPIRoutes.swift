import Hummingbird

/// `GET /openapi.json`: the OpenAPI 3.1 document of every route (`OpenAPIDocument`).
struct OpenAPIRoutes {
    func addRoutes(to router: Router<PumpwatchRequestContext>) {
        router.get("openapi.json") { _, _ -> Response in
            .json(OpenAPIDocument.json)
        }
    }
}
