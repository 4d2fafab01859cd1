import Hummingbird
import PumpwatchCore
import PumpwatchGuard
import PumpwatchStore

/// The guard's routes: `POST /v1/check`, `POST /v1/verified`, `GET /v1/guard/stats` and
/// `GET /v1/guard/decisions`.
struct GuardRoutes<Store: PumpwatchStore> {
    let service: GuardService<Store>
    let bodyLimit: Int

    /// Adds the routes to `group`, which is mounted at `/v1`.
    func addRoutes(to group: RouterGroup<PumpwatchRequestContext>) {
        group.post("check", use: check)
        group.post("verified", use: verified)
        group.get("guard/stats", use: stats)
        group.get("guard/decisions", use: decisions)
    }

    @Sendable func check(_ request: Request, context: PumpwatchRequestContext) async throws -> Response {
        let body = try await GuardRoutes.body(request, limit: bodyLimit)
        let checkRequest = try RequestReader.checkRequest(body)
        let decision = service.check(checkRequest)
        return .json(ResponseJSON.decision(decision))
    }

    @Sendable func verified(_ request: Request, context: PumpwatchRequestContext) async throws -> Response {
        let body = try await GuardRoutes.body(request, limit: bodyLimit)
        let verification = try RequestReader.verificationRequest(body)
        do {
            return .json(ResponseJSON.verification(try service.verified(verification)))
        } catch {
            throw APIError.badRequest(error.description, field: error.field)
        }
    }

    /// The request body, at most `limit` bytes (413 past it, for bodies sent without a length).
    static func body(_ request: Request, limit: Int) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "the body is over the limit of \(limit) bytes")
        }
    }

    @Sendable func stats(_ request: Request, context: PumpwatchRequestContext) async throws -> Response {
        .json(try service.statsJSON())
    }

    @Sendable func decisions(_ request: Request, context: PumpwatchRequestContext) async throws -> Response {
        let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        let filter = try GuardRoutes.filter(query, now: Guard.nowMillis())
        let records = try await service.store.decisions(matching: filter)
        return .json(ResponseJSON.decisionList(records, limit: filter.limit))
    }

    /// The filter given by the query: `since`, `until` (ISO 8601, epoch, or a duration ago such
    /// as `15m`), `decision`, `policy_decision`, `country`, `to`, `before` (a `next` cursor) and `limit`.
    static func filter(_ query: [(String, String)], now: Int64) throws(APIError) -> DecisionFilter {
        var f = DecisionFilter()
        for (key, value) in query {
            let v = value
            switch key {
            case "since": f.since = try time(v, key: "since", now: now)
            case "until": f.until = try time(v, key: "until", now: now)
            case "decision", "policy_decision":
                guard let verdict = Verdict(rawValue: v.lowercased()) else {
                    throw .badRequest("\(key): expected allow, monitor, challenge or block, found '\(v.prefix(40))'", field: key)
                }
                if key == "decision" { f.decision = verdict } else { f.policyDecision = verdict }
            case "country":
                let c = v.hasPrefix("+") ? v : v.uppercased()
                guard (2...5).contains(c.count), c.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+") }) else {
                    throw .badRequest("country: expected a country code such as GB, found '\(v.prefix(40))'", field: "country")
                }
                f.country = c
            case "to": f.to = v
            case "before":
                guard let seq = Int64(v), seq > 0 else { throw .badRequest("before: expected the next cursor of a previous page", field: "before") }
                f.before = seq
            case "limit":
                guard let n = Int(v), (1...DecisionFilter.maximumLimit).contains(n) else {
                    throw .badRequest("limit: expected a whole number from 1 to \(DecisionFilter.maximumLimit)", field: "limit")
                }
                f.limit = n
            default:
                throw .badRequest(
                    "unknown query parameter '\(key.prefix(40))'; expected since, until, decision, policy_decision, country, to, before or limit",
                    field: String(key.prefix(40)))
            }
        }
        return f
    }

    /// A time as ISO 8601 (`2026-11-27T10:00:00Z`), epoch seconds or milliseconds, or a duration
    /// before `now` (`90s`, `15m`, `24h`, `7d`).
    static func time(_ text: String, key: String, now: Int64) throws(APIError) -> Int64 {
        if let unit = text.last, "smhd".contains(unit), let n = Int64(text.dropLast()), n >= 0 {
            let factor: Int64 = unit == "s" ? 1000 : unit == "m" ? 60_000 : unit == "h" ? 3_600_000 : 86_400_000
            let (product, overflow) = n.multipliedReportingOverflow(by: factor)
            if !overflow { return now - product }
        }
        guard let t = Timestamp.parse(text) else {
            throw .badRequest("\(key): expected an ISO 8601 time, epoch milliseconds, or a duration ago such as 15m, found '\(text.prefix(40))'", field: key)
        }
        return t
    }
}
