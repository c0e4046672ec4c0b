import Foundation
import MLoopPostgres

/// An API token as stored and listed: never its text, which only its creator saw once.
public struct TokenRecord: Sendable, Hashable {
    public var tokenID: Int64
    public var userID: Int64
    public var username: String
    /// A label its creator chose ("laptop", "ci"); may be empty.
    public var name: String
    public var createdAt: Date
    /// Updated at most once a minute.
    public var lastUsedAt: Date?
    public var expiresAt: Date?
    public var revokedAt: Date?

    /// Whether the token can authenticate at `now` (its user's state aside).
    public func isUsable(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }

    static let columns: SQL = """
        t.token_id, t.user_id, u.username, t.name, t.created_at, t.last_used_at, t.expires_at, t.revoked_at
        """

    init(row: PostgresRow) throws {
        tokenID = try row.decode("token_id", as: Int64.self)
        userID = try row.decode("user_id", as: Int64.self)
        username = try row.decode("username", as: String.self)
        name = try row.decode("name", as: String.self)
        createdAt = try row.decode("created_at", as: Date.self)
        lastUsedAt = try row.decode("last_used_at", as: Date?.self)
        expiresAt = try row.decode("expires_at", as: Date?.self)
        revokedAt = try row.decode("revoked_at", as: Date?.self)
    }
}

/// As the API and `mloop tokens list --json` show a token: never its text (the database has only its hash).
extension TokenRecord: Encodable {
    enum CodingKeys: String, CodingKey {
        case username, name
        case tokenID = "token_id"
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tokenID, forKey: .tokenID)
        try container.encode(username, forKey: .username)
        try container.encode(name, forKey: .name)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(lastUsedAt, forKey: .lastUsedAt)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encode(revokedAt, forKey: .revokedAt)
    }
}

/// A token just created: its text, shown once and stored only as a hash, and its record.
public struct IssuedToken: Sendable, Hashable {
    public var token: String
    public var record: TokenRecord
}

/// Who a usable token belongs to, for authenticating a request.
public struct TokenPrincipal: Sendable, Hashable {
    public var tokenID: Int64
    public var userID: Int64
    public var username: String
    public var isAdmin: Bool
    public var lastUsedAt: Date?
}
