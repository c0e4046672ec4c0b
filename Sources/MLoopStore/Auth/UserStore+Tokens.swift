import Foundation
import MLoopPostgres

extension UserStore {
    /// Creates a token for an enabled user and returns its text, which exists nowhere else afterwards (the database
    /// keeps its SHA-256). Throws `.notFound` for an unknown or disabled user.
    public func createToken(for username: String, name: String = "", expiresAt: Date? = nil) async throws
        -> IssuedToken
    {
        let token = APITokenSecret.generate()
        let rows = try await pool.query(
            """
            WITH inserted AS (
                INSERT INTO api_token (user_id, name, token_hash, expires_at)
                SELECT user_id, \(name), \(APITokenSecret.hash(token)), \(expiresAt) FROM api_user
                WHERE username = \(username) AND disabled_at IS NULL
                RETURNING *
            )
            SELECT \(TokenRecord.columns) FROM inserted t JOIN api_user u ON u.user_id = t.user_id
            """)
        guard let row = rows.first else {
            throw StoreError.notFound("no enabled user named '\(username)' (mloop users list shows them)")
        }
        return IssuedToken(token: token, record: try TokenRecord(row: row))
    }

    /// Who the token with this SHA-256 belongs to, if it is neither revoked nor expired at `now` and its user is
    /// not disabled; nil otherwise.
    public func principal(forTokenHash hash: String, now: Date) async throws -> TokenPrincipal? {
        let rows = try await pool.query(
            """
            SELECT t.token_id, t.user_id, u.username, u.is_admin, t.last_used_at
            FROM api_token t JOIN api_user u ON u.user_id = t.user_id
            WHERE t.token_hash = \(hash) AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > \(now))
              AND u.disabled_at IS NULL
            """)
        guard let row = rows.first else { return nil }
        return TokenPrincipal(
            tokenID: try row.decode("token_id", as: Int64.self), userID: try row.decode("user_id", as: Int64.self),
            username: try row.decode("username", as: String.self), isAdmin: try row.decode("is_admin", as: Bool.self),
            lastUsedAt: try row.decode("last_used_at", as: Date?.self))
    }

    /// Records that a token was used at `now`, unless that was already recorded less than `interval` earlier (so a
    /// busy client does not cause a write per request).
    public func recordTokenUse(_ tokenID: Int64, at now: Date, interval: TimeInterval = 60) async throws {
        try await pool.query(
            """
            UPDATE api_token SET last_used_at = \(now)
            WHERE token_id = \(tokenID) AND (last_used_at IS NULL OR last_used_at <= \(now.addingTimeInterval(-interval)))
            """)
    }

    /// The tokens of `username`, or of every user when nil, newest first; revoked and expired ones included.
    public func tokens(of username: String?) async throws -> [TokenRecord] {
        let filter: SQL = username.map { name -> SQL in "WHERE u.username = \(name)" } ?? ""
        return try await pool.query(
            """
            SELECT \(TokenRecord.columns) FROM api_token t JOIN api_user u ON u.user_id = t.user_id \(filter)
            ORDER BY t.token_id DESC
            """
        ).map(TokenRecord.init(row:))
    }

    /// Revokes a token (of `owner` only, when given) at `now`. Throws `.notFound` when there is no such token (or it
    /// is someone else's); revoking twice keeps the first time.
    public func revokeToken(_ tokenID: Int64, owner: Int64? = nil, at now: Date) async throws {
        let ownerFilter: SQL = owner.map { id -> SQL in " AND user_id = \(id)" } ?? ""
        let rows = try await pool.query(
            """
            UPDATE api_token SET revoked_at = coalesce(revoked_at, \(now)) WHERE token_id = \(tokenID)\(ownerFilter)
            RETURNING token_id
            """)
        if rows.isEmpty { throw StoreError.notFound("no token with id \(tokenID)") }
    }
}
