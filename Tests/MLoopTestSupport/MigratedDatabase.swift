import Logging
import MLoopPostgres
import MLoopStore

/// A fresh database with MLoop's schema applied, and a pool on it.
public enum MigratedDatabase {
    public static func makePool(maxConnections: Int = 4) async throws -> PostgresPool {
        let configuration = try await TestPostgres.makeDatabase()
        let logger = TestLogger.logger
        let pool = PostgresPool(configuration: configuration, maxConnections: maxConnections, logger: logger)
        let migrations = try MigrationDirectory.load(MigrationDirectory.locate())
        _ = try await pool.withConnection { connection in
            try await Migrator(migrations: migrations, logger: logger).migrate(connection)
        }
        return pool
    }
}
