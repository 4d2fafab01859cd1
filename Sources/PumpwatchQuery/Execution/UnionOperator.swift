import PumpwatchCore

/// Runs `LogicalPlan.union`: collects each branch's rows and emits them in branch order.
///
/// Every branch reads the same input events; when all branches have finished, branch 0's rows
/// come first, then branch 1's, and so on. A watermark flushes what the branches have produced.
final class UnionOperator: OperatorStateCopying {
    let next: RowOperator
    private var buffers: [[Row]]
    private var finished = 0

    init(branches: Int, next: RowOperator) {
        self.next = next
        self.buffers = Array(repeating: [], count: branches)
    }

    /// The operator that feeds branch `i` into the union.
    func input(_ i: Int) -> RowOperator { UnionInput(union: self, branch: i) }

    /// Takes `other`'s buffered rows of every branch and how many branches have finished.
    func copyState(from other: UnionOperator) {
        buffers = other.buffers
        finished = other.finished
    }

    fileprivate func push(_ row: Row, branch: Int) { buffers[branch].append(row) }

    fileprivate func branchFinished() {
        finished += 1
        if finished == buffers.count {
            flush()
            next.finish()
        }
    }

    private func flush() {
        for i in buffers.indices {
            for r in buffers[i] { next.push(r) }
            buffers[i] = []
        }
    }

    fileprivate func watermark(_ millis: Int64) {
        flush()
        next.advanceWatermark(to: millis)
    }
}

private final class UnionInput: RowOperator {
    let union: UnionOperator
    let branch: Int
    init(union: UnionOperator, branch: Int) {
        self.union = union
        self.branch = branch
    }
    func push(_ row: Row) { union.push(row, branch: branch) }
    func finish() { union.branchFinished() }
    func advanceWatermark(to millis: Int64) { if branch == 0 { union.watermark(millis) } }
}
