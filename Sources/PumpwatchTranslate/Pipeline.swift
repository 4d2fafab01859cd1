/// The query rendered so far: its stages in order, and the columns its rows carry.
struct Pipeline {
    /// One column: the plan's name for it, how the target refers to it, and its type if known.
    struct Column: Hashable {
        var name: String
        var text: String
        var type: FieldEntry.ValueKind?
    }

    /// Pipe targets: one stage per entry. SQL: one common table expression per entry.
    var stages: [String] = []
    /// Columns computed or selected so far, in output order.
    var columns: [Column] = []
    /// True while whole source rows still pass through, so any source field can be read.
    var passthrough = true
    /// SQL: the common table expression that holds the rows.
    var relation = ""
    /// SQL: the ORDER BY the rows are in, repeated by the statement that reads them.
    var order: String?

    func column(_ name: String) -> Column? { columns.first { $0.name == name } }

    /// Adds or replaces a column; a replaced column moves to the end, as ES|QL's EVAL does.
    mutating func set(_ column: Column) {
        columns.removeAll { $0.name == column.name }
        columns.append(column)
    }

    func appending(_ stage: String) -> Pipeline {
        var p = self
        p.stages.append(stage)
        return p
    }
}
