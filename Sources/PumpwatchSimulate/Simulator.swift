#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the telemetry of a named scenario into a folder, in the real formats of every source.
public enum Simulator {
    /// Every scenario: the parts in the order `all` runs them, `all`, then `otp-traffic` (not part of `all`).
    public static let scenarios: [any Scenario] = AllScenario.parts + [AllScenario(), OTPTrafficScenario()]

    /// The scenario called `name`.
    public static func scenario(named name: String) -> (any Scenario)? {
        scenarios.first { $0.name == name }
    }

    /// Runs the scenario called `name`.
    public static func run(scenarioNamed name: String, options: SimulationOptions) throws(SimulationError) -> SimulationSummary {
        guard let scenario = scenario(named: name) else { throw .unknownScenario(name) }
        return try run(scenario, options: options)
    }

    /// Runs `scenario` into `options.outputDirectory`, which must be new or empty.
    public static func run(_ scenario: any Scenario, options: SimulationOptions) throws(SimulationError) -> SimulationSummary {
        try options.validate()
        let out = options.outputDirectory
        if FileSystem.exists(out) {
            guard FileSystem.isDirectory(out) else { throw .io(path: out, reason: "exists and is not a folder") }
            guard FileSystem.entries(out).isEmpty else { throw .outputNotEmpty(out) }
        }
        try FileSystem.makeDirectories(out)
        let temporary = (out.hasSuffix("/") ? out : out + "/") + ".simulate-\(getpid())"
        let context = SimulationContext(options: options, temporaryDirectory: temporary)
        context.run(scenario)
        let files = try context.finish()
        return SimulationSummary(
            scenario: scenario.name, outputDirectory: out, seed: options.seed, scale: options.scale,
            windowStart: context.windowStart, windowEnd: context.windowEnd, attackDayStart: context.attackDayStart,
            files: files)
    }
}
