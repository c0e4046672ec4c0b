/// One result row: values in text format, looked up by column name.
public struct PostgresRow: Sendable {
    let columnIndex: [String: Int]
    /// Text values in column order; nil is SQL NULL.
    public let values: [String?]

    init(columnIndex: [String: Int], values: [String?]) {
        self.columnIndex = columnIndex
        self.values = values
    }

    /// Decodes a non-NULL column; NULL or a missing column throws `.decoding` naming the column.
    public func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws(PostgresError) -> T {
        guard let text = try rawValue(column) else {
            throw PostgresError(.decoding, "column \"\(column)\" is NULL; decode it as \(T.self)? to allow that")
        }
        return try decodeText(text, column: column, as: type)
    }

    /// Decodes a column that may be NULL (NULL → nil).
    public func decode<T: PostgresDecodable>(_ column: String, as type: T?.Type) throws(PostgresError) -> T? {
        guard let text = try rawValue(column) else { return nil }
        return try decodeText(text, column: column, as: T.self)
    }

    /// True when the column is SQL NULL (or absent).
    public func isNull(_ column: String) -> Bool {
        guard let index = columnIndex[column] else { return true }
        return values[index] == nil
    }

    /// The raw text of a column (nil for NULL); throws when the row has no such column.
    public func rawValue(_ column: String) throws(PostgresError) -> String? {
        guard let index = columnIndex[column] else {
            let known = columnIndex.sorted { $0.value < $1.value }.map(\.key).joined(separator: ", ")
            throw PostgresError(.decoding, "no column \"\(column)\" in the result (columns: \(known))")
        }
        return values[index]
    }

    private func decodeText<T: PostgresDecodable>(_ text: String, column: String, as type: T.Type)
        throws(PostgresError) -> T
    {
        do {
            return try T(postgresText: text)
        } catch {
            var named = error
            named.message = "column \"\(column)\": \(error.message)"
            throw named
        }
    }
}
