import PostgresNIO

/// SQL built piece by piece with numbered parameters (`$1`, `$2`, ...), for statements whose
/// shape depends on the call (filters, multi-row inserts).
struct PostgresStatement {
    private(set) var sql: String
    private(set) var binds = PostgresBindings()
    private var count = 0

    init(_ sql: String = "") { self.sql = sql }

    /// Appends SQL text as it is.
    mutating func append(_ text: String) { sql += text }

    /// Binds `value` and returns its placeholder.
    mutating func bind<Value: PostgresNonThrowingEncodable>(_ value: Value) -> String {
        binds.append(value)
        count += 1
        return "$\(count)"
    }

    /// Binds `value` (NULL when nil) and returns its placeholder.
    mutating func bind<Value: PostgresNonThrowingEncodable>(_ value: Value?) -> String {
        binds.append(value)
        count += 1
        return "$\(count)"
    }

    /// How many parameters are bound.
    var parameterCount: Int { count }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}
