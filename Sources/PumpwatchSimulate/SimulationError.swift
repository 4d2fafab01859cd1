/// Why a simulation could not be written.
public enum SimulationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No scenario has this name.
    case unknownScenario(String)
    /// An option is out of range (`--scale 0`, a start that is not ISO 8601).
    case invalidOption(String)
    /// The output folder already holds files; writing into it would mix two simulations.
    case outputNotEmpty(String)
    /// A file or folder could not be created, written or moved.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownScenario(let name): return "unknown scenario '\(name)'"
        case .invalidOption(let message): return message
        case .outputNotEmpty(let path): return "\(path) is not empty; choose a new or empty folder"
        case .io(let path, let reason): return "\(path): \(reason)"
        }
    }
}
