import Logging
import PumpwatchStore
import ServiceLifecycle

/// Saves the guard's state every `interval` seconds and once more at shutdown (after the HTTP
/// server has stopped taking requests), and prunes old stored decisions every hour.
struct CheckpointService<Store: PumpwatchStore>: Service {
    let guardService: GuardService<Store>
    let interval: Double

    func run() async throws {
        var sincePrune = Double.infinity
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: .milliseconds(Int64(interval * 1000))) }
            } catch {
                break
            }
            await guardService.checkpoint()
            sincePrune += interval
            if sincePrune >= 3600 {
                sincePrune = 0
                await guardService.pruneDecisions()
            }
        }
        await guardService.checkpoint()
        guardService.logger.info("saved guard state at shutdown")
    }
}
