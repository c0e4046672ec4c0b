import Foundation
import Logging
import MLoopPostgres

/// Brings a database's schema up to date. Safe to run from several processes at once: they serialise on an
/// advisory lock, and each migration applies in its own transaction together with its `schema_migrations` row.
public struct Migrator: Sendable {
    /// Arbitrary but fixed: the advisory lock key every MLoop process uses for migrating.
    static let advisoryLockKey: Int64 = 0x4D4C_6F6F_7001

    public var migrations: [Migration]
    public var logger: Logger

    public init(migrations: [Migration], logger: Logger) {
        self.migrations = migrations
        self.logger = logger
    }

    /// What `migrate` did.
    public struct Report: Sendable, Equatable {
        /// Migrations applied by this call, in order.
        public var applied: [String]
        /// The schema version afterwards (the highest applied migration).
        public var schemaVersion: Int
    }

    /// Applies every migration not yet applied, in order; refuses when an applied file changed.
    public func migrate(_ connection: PostgresConnection) async throws -> Report {
        try await connection.query("SELECT pg_advisory_lock(\(Self.advisoryLockKey))")
        do {
            let report = try await migrateHoldingLock(connection)
            try await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))")
            return report
        } catch {
            // The lock is session-level: release it even when a migration failed.
            _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))")
            throw error
        }
    }

    /// The migrations recorded in the database, oldest first.
    public func appliedMigrations(_ connection: PostgresConnection) async throws -> [AppliedMigration] {
        try await ensureTable(connection)
        let rows = try await connection.query(
            "SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version")
        return try rows.map { row in
            AppliedMigration(
                version: try row.decode("version", as: Int.self),
                name: try row.decode("name", as: String.self),
                checksum: try row.decode("checksum", as: String.self),
                appliedAt: try row.decode("applied_at", as: Date.self))
        }
    }

    private func migrateHoldingLock(_ connection: PostgresConnection) async throws -> Report {
        let applied = try await appliedMigrations(connection)
        try check(applied)
        let appliedVersions = Set(applied.map(\.version))
        var report = Report(applied: [], schemaVersion: applied.last?.version ?? 0)
        for migration in migrations where !appliedVersions.contains(migration.version) {
            logger.debug("applying migration", metadata: ["migration": "\(migration.name)"])
            do {
                try await connection.withTransaction { transaction in
                    try await transaction.runScript(migration.sql)
                    try await transaction.query(
                        """
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                        """)
                }
            } catch let error as PostgresError {
                throw StoreError.migrations("migration \(migration.name) failed and was rolled back: \(error)")
            }
            report.applied.append(migration.name)
            report.schemaVersion = migration.version
        }
        return report
    }

    /// Applied migrations must match the files exactly; a database newer than this binary is refused too.
    private func check(_ applied: [AppliedMigration]) throws(StoreError) {
        let byVersion = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for record in applied {
            guard let file = byVersion[record.version] else {
                throw StoreError.migrations(
                    "the database has migration \(record.name), which this mloop does not know; "
                        + "run a newer mloop or point MLOOP_MIGRATIONS_DIR at the matching migrations folder")
            }
            if file.checksum != record.checksum {
                throw StoreError.migrations(
                    "migration \(file.name) was changed after it was applied (applied checksum \(record.checksum.prefix(12)), "
                        + "file now \(file.checksum.prefix(12))); migrations are append-only: restore the file and "
                        + "put the change in a new migration")
            }
        }
    }

    private func ensureTable(_ connection: PostgresConnection) async throws {
        let existing = try await connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
        if try existing[0].decode("present", as: Bool.self) { return }
        try await connection.runScript(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     integer PRIMARY KEY,
                name        text NOT NULL,
                checksum    text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            )
            """)
    }
}

/// A migration recorded in `schema_migrations`.
public struct AppliedMigration: Sendable, Hashable {
    public var version: Int
    public var name: String
    public var checksum: String
    public var appliedAt: Date
}
