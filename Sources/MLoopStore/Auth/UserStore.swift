import Foundation
import MLoopCore
import MLoopPostgres

/// Users of the HTTP API and their tokens. Passwords arrive already hashed (bcrypt is the API layer's concern);
/// tokens are generated here and stored only as their SHA-256.
public struct UserStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// The name `mloop standalone` gives the user it creates on first start.
    public static let initialAdminName = "admin"

    // Serializes the decisions that count users (first admin, last admin) across every MLoop process.
    static let usersLockKey: Int64 = 0x4D4C_6F6F_7004

    static let columns: SQL = "user_id, username, password_hash, is_admin, created_at, disabled_at"

    /// Letters, digits and `_ . @ -`, starting with a letter or digit, at most 100 characters.
    public static func isValidUsername(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 100 else { return false }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_.@-"))
        return first.isASCII && CharacterSet.alphanumerics.contains(first)
            && name.unicodeScalars.allSatisfy { $0.isASCII && allowed.contains($0) }
    }

    /// Every user, by name.
    public func users() async throws -> [UserRecord] {
        try await pool.query("SELECT \(Self.columns) FROM api_user ORDER BY username").map(UserRecord.init(row:))
    }

    /// The user called `username`, disabled or not, or nil.
    public func user(named username: String) async throws -> UserRecord? {
        try await pool.query("SELECT \(Self.columns) FROM api_user WHERE username = \(username)")
            .first.map(UserRecord.init(row:))
    }

    /// Creates a user. Throws `ValidationFailure` for an invalid name and `.conflict` when the name is taken.
    public func createUser(username: String, passwordHash: String, isAdmin: Bool) async throws -> UserRecord {
        try Self.checkUsername(username)
        let rows = try await pool.query(
            """
            INSERT INTO api_user (username, password_hash, is_admin) VALUES (\(username), \(passwordHash), \(isAdmin))
            ON CONFLICT (username) DO NOTHING
            RETURNING \(Self.columns)
            """)
        guard let row = rows.first else {
            throw StoreError.conflict("user '\(username)' already exists: choose another name or change that user")
        }
        return try UserRecord(row: row)
    }

    /// Creates `admin` with `passwordHash` if, and only if, there is no user at all; true when it did. Safe when
    /// several processes start at once: exactly one creates the admin, and an existing password is never replaced.
    public func createInitialAdminIfNoUsers(passwordHash: String) async throws -> Bool {
        try await pool.withTransaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.usersLockKey))")
            let rows = try await connection.query(
                """
                INSERT INTO api_user (username, password_hash, is_admin)
                SELECT \(Self.initialAdminName), \(passwordHash), true WHERE NOT EXISTS (SELECT 1 FROM api_user)
                ON CONFLICT (username) DO NOTHING
                RETURNING user_id
                """)
            return !rows.isEmpty
        }
    }

    /// Replaces a user's password hash. Throws `.notFound`.
    public func setPassword(username: String, passwordHash: String) async throws {
        let rows = try await pool.query(
            "UPDATE api_user SET password_hash = \(passwordHash) WHERE username = \(username) RETURNING user_id")
        if rows.isEmpty { throw Self.unknown(username) }
    }

    /// Stops a user from signing in; their tokens stop working at once. Throws `.notFound`, or `.conflict` for the
    /// last enabled admin.
    public func disableUser(named username: String, at now: Date) async throws {
        try await removeAccess(username) { connection in
            try await connection.query(
                "UPDATE api_user SET disabled_at = coalesce(disabled_at, \(now)) WHERE username = \(username)")
        }
    }

    /// Deletes a user and their tokens. Throws `.notFound`, or `.conflict` for the last enabled admin.
    public func deleteUser(named username: String) async throws {
        try await removeAccess(username) { connection in
            try await connection.query("DELETE FROM api_user WHERE username = \(username)")
        }
    }

    private func removeAccess(_ username: String, _ change: @escaping (PostgresConnection) async throws -> Void)
        async throws
    {
        try await pool.withTransaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.usersLockKey))")
            let rows = try await connection.query(
                """
                SELECT u.is_admin AND u.disabled_at IS NULL AS active_admin,
                       (SELECT count(*) FROM api_user WHERE is_admin AND disabled_at IS NULL) AS active_admins
                FROM api_user u WHERE u.username = \(username)
                """)
            guard let row = rows.first else { throw Self.unknown(username) }
            if try row.decode("active_admin", as: Bool.self), try row.decode("active_admins", as: Int.self) <= 1 {
                throw StoreError.conflict(
                    "'\(username)' is the last enabled admin: create another admin first (mloop users create NAME "
                        + "--admin)")
            }
            try await change(connection)
        }
    }

    static func checkUsername(_ username: String) throws {
        guard isValidUsername(username) else {
            throw ValidationFailure([
                ValidationIssue(
                    "'\(username)' is not a valid user name: use letters, digits, '_', '.', '@' and '-' (starting "
                        + "with a letter or digit), at most 100 characters", path: "username")
            ])
        }
    }

    static func unknown(_ username: String) -> StoreError {
        .notFound("no user named '\(username)' (mloop users list shows them)")
    }
}
