import PumpwatchCore

/// A parsed ES|QL query: its commands in pipeline order, and the text they came from.
public struct ESQLQuery: Sendable, Hashable {
    /// The commands, `FROM` first.
    public var commands: [ESQLCommand]
    /// The query text as given to the parser.
    public var text: String

    public init(commands: [ESQLCommand], text: String) {
        self.commands = commands
        self.text = text
    }
}
