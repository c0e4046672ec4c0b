import Foundation
import MLoopStore

/// The body of `POST /api/v1/auth/token`.
struct TokenRequestPayload: Decodable {
    var username: String
    var password: String
    var name: String?
    /// Seconds until the token expires; absent or null: never.
    var expiresIn: Int?

    enum CodingKeys: String, CodingKey {
        case username, password, name
        case expiresIn = "expires_in"
    }
}

/// The body of `POST /api/v1/users`.
struct UserPayload: Decodable {
    var username: String
    var password: String
    var isAdmin: Bool?

    enum CodingKeys: String, CodingKey {
        case username, password
        case isAdmin = "is_admin"
    }
}

/// What `POST /api/v1/auth/token` returns: the token's text, the only time anyone sees it.
struct IssuedTokenResponse: Encodable {
    var issued: IssuedToken
    var isAdmin: Bool

    enum CodingKeys: String, CodingKey {
        case token, username
        case tokenID = "token_id"
        case isAdmin = "is_admin"
        case expiresAt = "expires_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(issued.token, forKey: .token)
        try container.encode(issued.record.tokenID, forKey: .tokenID)
        try container.encode(issued.record.username, forKey: .username)
        try container.encode(isAdmin, forKey: .isAdmin)
        try container.encode(issued.record.expiresAt, forKey: .expiresAt)
    }
}

/// A token as listed: never its text.
struct TokenResponse: Encodable {
    var record: TokenRecord

    enum CodingKeys: String, CodingKey {
        case username, name
        case tokenID = "token_id"
        case createdAt = "created_at"
        case lastUsedAt = "last_used_at"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record.tokenID, forKey: .tokenID)
        try container.encode(record.username, forKey: .username)
        try container.encode(record.name, forKey: .name)
        try container.encode(record.createdAt, forKey: .createdAt)
        try container.encode(record.lastUsedAt, forKey: .lastUsedAt)
        try container.encode(record.expiresAt, forKey: .expiresAt)
        try container.encode(record.revokedAt, forKey: .revokedAt)
    }
}

/// A user as listed: never the password hash.
struct UserResponse: Encodable {
    var record: UserRecord

    enum CodingKeys: String, CodingKey {
        case username
        case isAdmin = "is_admin"
        case createdAt = "created_at"
        case disabledAt = "disabled_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record.username, forKey: .username)
        try container.encode(record.isAdmin, forKey: .isAdmin)
        try container.encode(record.createdAt, forKey: .createdAt)
        try container.encode(record.disabledAt, forKey: .disabledAt)
    }
}

/// What `GET /api/v1/auth/me` returns.
struct MeResponse: Encodable {
    var username: String
    var isAdmin: Bool

    enum CodingKeys: String, CodingKey {
        case username
        case isAdmin = "is_admin"
    }
}
