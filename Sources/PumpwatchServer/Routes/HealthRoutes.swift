import Hummingbird
import PumpwatchStore

/// `GET /healthz` (the process answers) and `GET /readyz` (the store answers too); both open,
/// without a token.
struct HealthRoutes<Store: PumpwatchStore> {
    let service: GuardService<Store>

    func addRoutes(to router: Router<PumpwatchRequestContext>) {
        router.get("healthz", use: healthz)
        router.get("readyz", use: readyz)
    }

    @Sendable func healthz(_ request: Request, context: PumpwatchRequestContext) async throws -> Response {
        .json("{\"status\":\"ok\"}")
    }

    @Sendable func readyz(_ request: Request, context: PumpwatchRequestContext) async throws -> Response {
        let state = service.stateStatus.rawValue
        do {
            try await service.store.ping()
            return .json("{\"status\":\"ready\",\"store\":\"ok\",\"guard_state\":\"\(state)\"}")
        } catch {
            context.logger.warning("not ready: the store does not answer", metadata: ["error": "\(error)"])
            return .json("{\"status\":\"not ready\",\"store\":\"unavailable\",\"guard_state\":\"\(state)\"}", status: .serviceUnavailable)
        }
    }
}
