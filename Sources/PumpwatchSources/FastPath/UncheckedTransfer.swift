/// Hands a value that is not `Sendable` from one thread to another.
///
/// Used where ownership moves wholesale: the sending thread creates or finishes with the value
/// and never touches it again, so no two threads use it at once.
struct UncheckedTransfer<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
