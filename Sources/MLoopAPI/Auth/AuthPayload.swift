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

/// What `GET /api/v1/auth/me` returns.
struct MeResponse: Encodable {
    var username: String
    var isAdmin: Bool

    enum CodingKeys: String, CodingKey {
        case username
        case isAdmin = "is_admin"
    }
}
