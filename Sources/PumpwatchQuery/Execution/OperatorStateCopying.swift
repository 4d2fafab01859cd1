/// An operator whose state can be set to another operator's, for `QueryExecutor.copy()`.
///
/// Both operators were compiled from the same plan node, so they share everything but their
/// state: configuration, evaluator settings and position in the plan. After `copyState(from:)`
/// the two hold equal state and are independent: rows pushed to one never reach the other.
protocol OperatorStateCopying: AnyObject {
    /// Makes this operator's state equal to `other`'s.
    func copyState(from other: Self)
}

extension OperatorStateCopying {
    /// Copies `other`'s state when it is an operator of this type; false when the types differ.
    func copyState(fromOperator other: any OperatorStateCopying) -> Bool {
        guard let same = other as? Self else { return false }
        copyState(from: same)
        return true
    }
}
