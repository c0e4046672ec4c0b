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

    private init(
        pool: PostgresPool, configuration: PostgresConfiguration, location: String, embedded: EmbeddedPostgres?
    ) {
        self.pool = pool
        self.configuration = configuration
        self.location = location
        self.embedded = embedded
    }

    /// The database name the embedded cluster keeps MLoop's tables in.
    static let embeddedDatabaseName = "mloop"

    static func open(_ options: GlobalOptions, logger: Logger, migrate: Bool = true) async throws -> DatabaseSession {
        let session = try await connect(options, logger: logger)
        do {
            // Fail fast, with the server's own words, before any command does real work.
            try await session.pool.query("SELECT 1")
            if migrate { try await session.migrate(logger: logger) }
        } catch {
            await session.close()
            throw error
        }
        return session
    }

    private static func connect(_ options: GlobalOptions, logger: Logger) async throws -> DatabaseSession {
        if let url = options.resolvedDatabaseURL {
            let configuration = try PostgresConfiguration(url)
            return DatabaseSession(
                pool: PostgresPool(configuration: configuration, logger: logger), configuration: configuration,
                location: configuration.description, embedded: nil)
        }
        let embedded = EmbeddedPostgres(home: options.resolvedHome, logger: logger)
        ShutdownSignals.onSignal { await embedded.release() }
        do {
            let server = try await embedded.start { server throws(LocalPostgresError) in
                do {
                    try await ensureEmbeddedDatabase(try PostgresConfiguration(server.conninfo), logger)
                } catch {
                    throw LocalPostgresError(
                        .startFailed, "cannot create the database '\(embeddedDatabaseName)': \(error)")
                }
            }
            let configuration = try PostgresConfiguration(server.conninfo).withDatabase(embeddedDatabaseName)
            let location =
                server.relocated
                ? "embedded PostgreSQL in \(server.dataDirectory) (moved out of \(options.resolvedHome), which the "
                    + "postgres user cannot reach; `mloop db destroy --yes` removes it)"
                : "embedded PostgreSQL in \(options.resolvedHome)"
            return DatabaseSession(
                pool: PostgresPool(configuration: configuration, logger: logger), configuration: configuration,
                location: location, embedded: embedded)
        } catch {
            await embedded.release()
            throw error
        }
    }

    private func migrate(logger: Logger) async throws {
        let migrations = try MigrationDirectory.load(MigrationDirectory.locate())
        let report = try await pool.withConnection { connection in
            try await Migrator(migrations: migrations, logger: logger).migrate(connection)
        }
        for name in report.applied { logger.info("applied migration \(name)") }
    }

    /// Opens a session, runs `body`, and closes the session whether `body` succeeds or throws.
    static func with<T>(
        _ options: GlobalOptions, logger: Logger, migrate: Bool = true, _ body: (DatabaseSession) async throws -> T
    ) async throws -> T {
        let session = try await open(options, logger: logger, migrate: migrate)
        do {
            let result = try await body(session)
            await session.close()
            return result
        } catch {
            await session.close()
            throw error
        }
    }

    func close() async {
        await pool.close()
        await embedded?.release()
    }

    /// The embedded cluster starts with only `postgres`; MLoop keeps its tables in a database of its own.
    /// Runs under the embedded cluster's file lock (see `EmbeddedPostgres.start(prepare:)`).
    private static func ensureEmbeddedDatabase(_ server: PostgresConfiguration, _ logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(server, logger: logger)
        do {
            let exists = try await connection.query("SELECT 1 FROM pg_database WHERE datname = \(embeddedDatabaseName)")
            if exists.isEmpty { try await createEmbeddedDatabase(connection) }
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    private static func createEmbeddedDatabase(_ connection: PostgresConnection) async throws {
        do {
            try await connection.runScript("CREATE DATABASE \(embeddedDatabaseName)")
        } catch {
            // 42P04 or 23505 (two CREATE DATABASE at once): another client made it a moment ago. Only reachable
            // when something outside MLoop's lock creates it; the lock already serialises mloop processes.
            if error.sqlState != "42P04" && error.sqlState != "23505" { throw error }
        }
    }
}
