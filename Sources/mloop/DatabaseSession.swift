import Foundation
import Logging
import MLoopLocalPostgres
import MLoopPostgres
import MLoopStore

/// The database a command works on: the server `MLOOP_DATABASE_URL` names, or the embedded private PostgreSQL,
/// migrated to the current schema. `close()` releases the embedded server (stopping it if no other mloop uses it).
final class DatabaseSession: Sendable {
    let pool: PostgresPool
    let configuration: PostgresConfiguration
    /// Where the data lives, for banners: the URL (redacted) or the embedded cluster's folder.
    let location: String
    private let embedded: EmbeddedPostgres?

    private init(pool: PostgresPool, configuration: PostgresConfiguration, location: String, embedded: EmbeddedPostgres?) {
        self.pool = pool
        self.configuration = configuration
        self.location = location
        self.embedded = embedded
    }

    /// The database name the embedded cluster keeps MLoop's tables in.
    static let embeddedDatabaseName = "mloop"

    static func open(_ options: GlobalOptions, logger: Logger, migrate: Bool = true) async throws -> DatabaseSession {
        let session: DatabaseSession
        if let url = options.resolvedDatabaseURL {
            let configuration = try PostgresConfiguration(url)
            session = DatabaseSession(
                pool: PostgresPool(configuration: configuration, logger: logger), configuration: configuration,
                location: configuration.description, embedded: nil)
        } else {
            let embedded = EmbeddedPostgres(home: options.resolvedHome, logger: logger)
            ShutdownSignals.onSignal { await embedded.release() }
            do {
                let server = try await embedded.start()
                let configuration = try await ensureEmbeddedDatabase(PostgresConfiguration(server.conninfo), logger)
                session = DatabaseSession(
                    pool: PostgresPool(configuration: configuration, logger: logger), configuration: configuration,
                    location: "embedded PostgreSQL in \(options.resolvedHome)", embedded: embedded)
            } catch {
                await embedded.release()
                throw error
            }
        }
        do {
            // Fail fast, with the server's own words, before any command does real work.
            try await session.pool.query("SELECT 1")
            if migrate {
                let migrations = try MigrationDirectory.load(MigrationDirectory.locate())
                let report = try await session.pool.withConnection { connection in
                    try await Migrator(migrations: migrations, logger: logger).migrate(connection)
                }
                for name in report.applied { logger.info("applied migration \(name)") }
            }
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    func close() async {
        await pool.close()
        await embedded?.release()
    }

    /// The embedded cluster starts with only `postgres`; MLoop keeps its tables in a database of its own.
    private static func ensureEmbeddedDatabase(_ server: PostgresConfiguration, _ logger: Logger) async throws
        -> PostgresConfiguration
    {
        let connection = try await PostgresConnection.connect(server, logger: logger)
        defer { Task { await connection.close() } }
        let exists = try await connection.query("SELECT 1 FROM pg_database WHERE datname = \(embeddedDatabaseName)")
        if exists.isEmpty {
            do {
                try await connection.runScript("CREATE DATABASE \(embeddedDatabaseName)")
            } catch let error as PostgresError where error.sqlState == "42P04" {
                // Another mloop process created it a moment ago.
            }
        }
        return server.withDatabase(embeddedDatabaseName)
    }
}
