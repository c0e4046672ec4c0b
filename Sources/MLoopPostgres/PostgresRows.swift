/// The rows a statement returned (copied out of libpq), and how many rows it affected.
public struct PostgresRows: Sendable, RandomAccessCollection {
    public var columns: [String]
    /// Rows inserted, updated, deleted or selected, as the server's command tag reports.
    public var affectedRows: Int
    private var rows: [PostgresRow]

    init(columns: [String], rows: [[String?]], affectedRows: Int) {
        self.columns = columns
        var index: [String: Int] = [:]
        // With duplicate names the first column wins, as in most drivers.
        for (position, name) in columns.enumerated() where index[name] == nil { index[name] = position }
        self.rows = rows.map { PostgresRow(columnIndex: index, values: $0) }
        self.affectedRows = affectedRows
    }

    static let empty = PostgresRows(columns: [], rows: [], affectedRows: 0)

    public var startIndex: Int { rows.startIndex }
    public var endIndex: Int { rows.endIndex }
    public subscript(position: Int) -> PostgresRow { rows[position] }
}
