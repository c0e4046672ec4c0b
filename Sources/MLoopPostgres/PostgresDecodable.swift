/// A Swift value that can be read from a column in PostgreSQL's text output format.
public protocol PostgresDecodable: Sendable {
    /// Parses the server's text representation; throws `.decoding` when the text does not fit the type.
    init(postgresText text: String) throws(PostgresError)
}

extension PostgresDecodable {
    static func mismatch(_ text: String) -> PostgresError {
        let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
        return PostgresError(.decoding, "\"\(shown)\" is not a valid \(Self.self)")
    }
}
