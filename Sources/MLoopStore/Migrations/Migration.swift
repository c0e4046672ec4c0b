import MLoopCore

/// One schema migration file, `NNNN_verb_noun.sql`.
public struct Migration: Sendable, Hashable {
    /// The number the file name starts with; migrations apply in this order.
    public var version: Int
    /// The file name, e.g. `0001_create_core_schema.sql`.
    public var name: String
    /// The SQL text.
    public var sql: String
    /// SHA-256 of the file's bytes: an applied migration whose file changed is refused.
    public var checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hex(of: sql)
    }
}
