import Foundation
import Hummingbird
import HummingbirdTesting
import PumpwatchGuard
import PumpwatchStore
import Testing

@testable import PumpwatchServer

@Suite struct StateTests {
    static let repeated = #"{"to": "+447700900123", "ip": "198.51.100.7"}"#

    @Test func stateIsCheckpointedAtShutdownAndRestoredAtStart() async throws {
        let store = try SQLiteStore.inMemory()
        let first = try await buildApplication(configuration: Fixture.configuration(), store: store, logger: Fixture.logger)
        try await first.test(.router) { client in
            for _ in 0..<5 {
                try await client.execute(uri: "/v1/check", method: .post, headers: Fixture.auth, body: Fixture.body(StateTests.repeated)) {
                    #expect($0.status == .ok)
                }
            }
        }
        // The shutdown of the first application saved its state.
        let saved = try #require(try await store.checkpoint(named: "guard"))
        #expect(saved.state.count > 4)

        let second = try await buildApplication(configuration: Fixture.configuration(), store: store, logger: Fixture.logger)
        try await second.test(.router) { client in
            let stats = try await client.execute(uri: "/v1/guard/stats", method: .get, headers: Fixture.auth) { try Fixture.object($0) }
            #expect(stats["checks"] as? Int == 5)
            let state = (stats["service"] as? [String: Any])?["state"] as? [String: Any]
            #expect(state?["status"] as? String == "restored")
            #expect(state?["restored_from"] is String)
            // The restored windows still count the number's five earlier requests.
            let decision = try await client.execute(uri: "/v1/check", method: .post, headers: Fixture.auth, body: Fixture.body(StateTests.repeated)) {
                try Fixture.object($0)
            }
            let reasons = (decision["reasons"] as? [[String: Any]]) ?? []
            let hourly = reasons.first { $0["signal"] as? String == "number-hourly" }
            #expect(decision["decision"] as? String != "allow")
            #expect((hourly?["value"] as? NSNumber)?.intValue == 6)
        }
    }

    @Test func checkpointRoundTripKeepsTheGuardsState() async throws {
        let store = try SQLiteStore.inMemory()
        let service = try await GuardService.start(configuration: Fixture.configuration(), store: store, logger: Fixture.logger)
        let now = Guard.nowMillis()
        let traffic = (0..<40).map { i in CheckRequest(to: "+4477009001\(i % 7)0", ip: "192.0.2.\(i % 3)", user: "u-\(i % 5)") }
        for (i, r) in traffic.prefix(20).enumerated() { _ = service.guardInstance.check(r, at: now + Int64(i) * 1000) }
        await service.checkpoint()
        let restored = try await GuardService.start(configuration: Fixture.configuration(), store: store, logger: Fixture.logger)
        #expect(restored.stateStatus == .restored)
        #expect(restored.guardInstance.stats().checks == 20)
        // Both guards decide the rest of the traffic alike: same counters, same windows, same ids.
        for (i, r) in traffic.suffix(20).enumerated() {
            let at = now + 20_000 + Int64(i) * 1000
            #expect(service.guardInstance.check(r, at: at) == restored.guardInstance.check(r, at: at))
        }
        #expect(restored.guardInstance.stats().checks == 40)
    }

    @Test func anIdleGuardIsNotSavedAgain() async throws {
        let store = try SQLiteStore.inMemory()
        let service = try await GuardService.start(configuration: Fixture.configuration(), store: store, logger: Fixture.logger)
        func saved() throws -> Int? {
            let stats = try JSONSerialization.jsonObject(with: Data(try service.statsJSON().utf8)) as? [String: Any]
            return ((stats?["service"] as? [String: Any])?["checkpoints"] as? [String: Any])?["saved"] as? Int
        }
        await service.checkpoint()
        #expect(try saved() == 1)
        await service.checkpoint()
        #expect(try saved() == 1)
        _ = service.check(CheckRequest(to: "+447700900123"))
        await service.checkpoint()
        #expect(try saved() == 2)
    }

    @Test func unreadableStateFailsOpenByDefault() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.saveCheckpoint(StateCheckpoint(name: "guard", savedAt: 1, state: Data("not a state".utf8)))
        let app = try await buildApplication(configuration: Fixture.configuration(), store: store, logger: Fixture.logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/check", method: .post, headers: Fixture.auth, body: Fixture.body(#"{"to": "+15005550006"}"#)) {
                let value = try Fixture.object($0)["decision"] as? String
                #expect(value == "allow")
            }
            let stats = try await client.execute(uri: "/v1/guard/stats", method: .get, headers: Fixture.auth) { try Fixture.object($0) }
            let state = (stats["service"] as? [String: Any])?["state"] as? [String: Any]
            #expect(state?["status"] as? String == "failed-open")
            #expect((state?["error"] as? String)?.contains("PWG2") == true)
        }
        #expect(try await store.checkpoint(named: "guard-unreadable")?.state == Data("not a state".utf8))
        // Failing open, the guard checkpoints again.
        #expect(try await store.checkpoint(named: "guard")?.state != Data("not a state".utf8))
    }

    @Test func unreadableStateFailsClosedWhenConfigured() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.saveCheckpoint(StateCheckpoint(name: "guard", savedAt: 1, state: Data("PWG2garbage".utf8)))
        let app = try await buildApplication(configuration: Fixture.configuration(failOpen: false), store: store, logger: Fixture.logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/check", method: .post, headers: Fixture.auth, body: Fixture.body(#"{"to": "+15005550006"}"#)) {
                let o = try Fixture.object($0)
                #expect(o["decision"] as? String == "block")
                #expect((o["reasons"] as? [[String: Any]])?.first?["signal"] as? String == "guard-state")
            }
            try await client.execute(uri: "/readyz", method: .get) {
                let value = try Fixture.object($0)["guard_state"] as? String
                #expect(value == "failed-closed")
            }
        }
        // Failing closed, the unreadable state is not overwritten.
        #expect(try await store.checkpoint(named: "guard")?.state == Data("PWG2garbage".utf8))
    }

    @Test func reloadSwapsThePolicyAndKeepsCounters() async throws {
        let store = try SQLiteStore.inMemory()
        let service = try await GuardService.start(configuration: Fixture.configuration(), store: store, logger: Fixture.logger)
        for _ in 0..<10 { _ = service.check(CheckRequest(to: "+447700900123")) }
        #expect(service.check(CheckRequest(to: "+447700900123")).decision == .block)
        var monitor = GuardPolicy()
        monitor.mode = .monitor
        await service.reload(configuration: Fixture.configuration(policy: monitor))
        let d = service.check(CheckRequest(to: "+447700900123"))
        #expect(d.mode == .monitor)
        #expect(d.decision == .allow)
        #expect(d.policyDecision == .block)
        #expect(service.guardInstance.stats().checks == 12)
    }

    @Test func reloadRereadsTheConfigurationFile() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("pumpwatch.yml")
        let digest = TokenDigest(name: "t", token: Fixture.token).hex
        try "server: {tokens: [\(digest)]}\nguard: {policy: {mode: enforce}}\n".write(to: file, atomically: true, encoding: .utf8)
        let service = try await GuardService.start(
            configuration: ServerConfiguration.load(path: file.path), store: SQLiteStore.inMemory(), logger: Fixture.logger)
        for _ in 0..<3 { _ = service.check(CheckRequest(to: "+447700900123")) }

        try "server: {tokens: [\(digest)]}\nguard: {policy: {mode: monitor}}\n".write(to: file, atomically: true, encoding: .utf8)
        await service.reload()
        #expect(service.guardInstance.policy.mode == .monitor)
        #expect(service.guardInstance.stats().checks == 3)

        // A broken file keeps the policy in force and says why in the stats.
        try "server: {tokens: [\(digest)]}\nguard: {policy: {mode: sometimes}}\n".write(to: file, atomically: true, encoding: .utf8)
        await service.reload()
        #expect(service.guardInstance.policy.mode == .monitor)
        let stats = try JSONSerialization.jsonObject(with: Data(try service.statsJSON().utf8)) as? [String: Any]
        let policy = (stats?["service"] as? [String: Any])?["policy"] as? [String: Any]
        #expect((policy?["last_reload_error"] as? String)?.contains("guard.policy.mode") == true)
        #expect(policy?["reloads"] as? Int == 1)
    }

    @Test func reloadAfterFailingClosedRecoversWhenToldToFailOpen() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.saveCheckpoint(StateCheckpoint(name: "guard", savedAt: 1, state: Data("bad".utf8)))
        let service = try await GuardService.start(configuration: Fixture.configuration(failOpen: false), store: store, logger: Fixture.logger)
        #expect(service.stateStatus == .failedClosed)
        #expect(service.check(CheckRequest(to: "+15005550006")).decision == .block)
        await service.reload(configuration: Fixture.configuration(failOpen: true))
        #expect(service.stateStatus == .failedOpen)
        #expect(service.check(CheckRequest(to: "+15005550006")).decision == .allow)
    }

    @Test func stateCodecRejectsForeignBytes() throws {
        let g = Guard()
        _ = g.check(CheckRequest(to: "+447700900123"), at: 1_000)
        let state = g.snapshot(at: 2_000)
        #expect(try GuardStateCodec.decode(try GuardStateCodec.encode(state)) == state)
        #expect(throws: GuardStateError.self) { try GuardStateCodec.decode(Data("PWG2".utf8)) }
        #expect(throws: GuardStateError.self) { try GuardStateCodec.decode(Data([0, 1, 2, 3, 4, 5])) }
    }
}
