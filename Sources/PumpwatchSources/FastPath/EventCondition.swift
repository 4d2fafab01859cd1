import PumpwatchCore

/// A test on an event's normalized fields that a reader may run before it builds the event.
///
/// The query engine decides what the test means (`EventConditionTester`); `shape`, when set,
/// restates it in a form a reader can check on a field's text without the engine:
/// - `equals(text)`: true when the field is a string equal to `text`, false when it is absent;
/// - `contains(text)`: true when the field is a string holding `text` (compared character by
///   character, case-sensitive), false when it is absent;
/// - `compareDate(op, millis)`: true when the field is a date standing in `op` to `millis`, false
///   when it is absent.
///
/// For any other kind of value the reader asks the engine. `text` is never empty.
public struct EventCondition: Sendable, Hashable {
    /// A reader-checkable form of a condition on one field.
    public enum Shape: Sendable, Hashable {
        case equals(String)
        case contains(String)
        case compareDate(DateComparison, Int64)
    }

    /// How a date compares with the bound of `Shape.compareDate`.
    public enum DateComparison: Sendable, Hashable {
        case less, lessOrEqual, greater, greaterOrEqual, equal, notEqual

        /// True when `millis` stands in this relation to `bound`.
        public func holds(_ millis: Int64, _ bound: Int64) -> Bool {
            switch self {
            case .less: return millis < bound
            case .lessOrEqual: return millis <= bound
            case .greater: return millis > bound
            case .greaterOrEqual: return millis >= bound
            case .equal: return millis == bound
            case .notEqual: return millis != bound
            }
        }
    }

    /// The fields the condition reads.
    public var fields: [String]
    /// The condition restated on `fields[0]`, when it has a reader-checkable form.
    public var shape: Shape?

    public init(fields: [String], shape: Shape? = nil) {
        self.fields = fields
        self.shape = shape
    }
}
