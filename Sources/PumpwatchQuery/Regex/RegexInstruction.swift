/// One instruction of a `RegexProgram`, run by `PikeVM`.
enum RegexInstruction: Sendable {
    /// Consume this scalar.
    case scalar(UInt32)
    /// Consume a scalar in `program.sets[index]`.
    case set(Int)
    /// Continue at both targets; the first has priority.
    case split(Int, Int)
    case jump(Int)
    /// The end of an iteration of an unbounded loop: back to `head`, or, when the iteration matched
    /// nothing (`head` was already reached at this position), on to `exit`, as backtracking
    /// engines stop a loop after an empty iteration.
    case loop(head: Int, exit: Int)
    /// Record the position in capture slot `n` (group `n / 2`, start when even, end when odd).
    case save(Int)
    /// Continue only when `program.assertions[index]` holds here.
    case assertion(Int)
    case match
}
