import PumpwatchCore

/// A file's format and the way its records are laid out, as found from its first bytes.
public struct DetectedFormat: Sendable, Hashable, CustomStringConvertible {
    public var format: SourceFormat
    public var layout: RecordLayout

    public init(format: SourceFormat, layout: RecordLayout) {
        self.format = format
        self.layout = layout
    }

    public var description: String { "\(format.rawValue) (\(layout))" }
}
