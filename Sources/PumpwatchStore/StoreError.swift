/// What went wrong in a store call, with the key, id or row it concerns.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `AlertFilter.minimumSeverity` is not one of `info`, `low`, `medium`, `high`, `critical`.
    case unknownSeverity(String)
    /// No alert has this id.
    case alertNotFound(Int64)
    /// No outbox notification has this id.
    case notificationNotFound(Int64)
    /// A stored row could not be read back: the table, the row's key, and what is wrong.
    case corruptRow(table: String, key: String, reason: String)
    /// A migration failed: its name and the database's message.
    case migrationFailed(name: String, reason: String)
    /// The database refused or failed a statement: what was being done and the database's message.
    case databaseError(operation: String, reason: String)

    public var description: String {
        switch self {
        case .unknownSeverity(let s):
            "unknown severity '\(s)': expected one of \(AlertSeverity.ordered.joined(separator: ", "))"
        case .alertNotFound(let id): "no alert with id \(id)"
        case .notificationNotFound(let id): "no outbox notification with id \(id)"
        case .corruptRow(let table, let key, let reason): "\(table) row \(key): \(reason)"
        case .migrationFailed(let name, let reason): "migration \(name) failed: \(reason)"
        case .databaseError(let operation, let reason): "\(operation): \(reason)"
        }
    }
}
