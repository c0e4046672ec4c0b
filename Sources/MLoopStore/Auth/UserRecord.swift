import Foundation
import MLoopPostgres

/// A user of the HTTP API as stored: the password only as its bcrypt hash.
public struct UserRecord: Sendable, Hashable {
    public var userID: Int64
    public var username: String
    /// bcrypt (`$2b$…`); never the password.
    public var passwordHash: String
    public var isAdmin: Bool
    public var createdAt: Date
    /// Set once the user may no longer sign in.
    public var disabledAt: Date?

    public var isDisabled: Bool { disabledAt != nil }

    init(row: PostgresRow) throws {
        userID = try row.decode("user_id", as: Int64.self)
        username = try row.decode("username", as: String.self)
        passwordHash = try row.decode("password_hash", as: String.self)
        isAdmin = try row.decode("is_admin", as: Bool.self)
        createdAt = try row.decode("created_at", as: Date.self)
        disabledAt = try row.decode("disabled_at", as: Date?.self)
    }
}

/// As the API and `mloop users list --json` show a user: never the password hash.
extension UserRecord: Encodable {
    enum CodingKeys: String, CodingKey {
        case username
        case isAdmin = "is_admin"
        case createdAt = "created_at"
        case disabledAt = "disabled_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(username, forKey: .username)
        try container.encode(isAdmin, forKey: .isAdmin)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(disabledAt, forKey: .disabledAt)
    }
}
