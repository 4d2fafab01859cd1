import PumpwatchCore

/// The conditions a reader tests before building events, and which of them each consumer needs.
///
/// A query whose plan reads the input in several branches (a `union`) has one consumer per
/// branch: an event goes to a branch when all the conditions the branch lists hold, and is not
/// built at all when no branch takes it.
public struct EventFilter: Sendable {
    /// The conditions, each tested at most once per event.
    public var conditions: [EventCondition]
    /// For each branch, the indices of the conditions an event must meet to go to it (at most 64 branches).
    public var branches: [[Int]]
    /// Makes the tester one thread uses.
    public var makeTester: @Sendable () -> any EventConditionTester
    /// The fields the built events need (`@timestamp` is always kept); nil keeps the read projection.
    /// Fields only the conditions read can be left out.
    public var eventFields: FieldProjection?
    /// When set, a reader that can may hand over accepted events as the values of these fields
    /// (`SegmentEventSink.push(values:format:branches:)`) instead of building them.
    public var directFields: [String]?

    public init(
        conditions: [EventCondition], branches: [[Int]], eventFields: FieldProjection? = nil, directFields: [String]? = nil,
        makeTester: @escaping @Sendable () -> any EventConditionTester
    ) {
        self.conditions = conditions
        self.branches = branches
        self.eventFields = eventFields
        self.directFields = directFields
        self.makeTester = makeTester
    }

    /// The mask with one bit set per branch.
    public var allBranches: UInt64 {
        branches.count >= 64 ? ~0 : (UInt64(1) << UInt64(branches.count)) - 1
    }
}
