import PumpwatchStore
import ServiceLifecycle
import UnixSignals

/// Reloads the guard's policy from the configuration file on each SIGHUP, keeping its state.
struct ReloadService<Store: PumpwatchStore>: Service {
    let guardService: GuardService<Store>

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            guardService.logger.info("SIGHUP: reloading the configuration")
            await guardService.reload()
        }
    }
}
