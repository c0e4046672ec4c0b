import Foundation
import Logging
import MLoopLocalPostgres
import MLoopPostgres

/// Real PostgreSQL for tests: one throwaway cluster per test process, a fresh database per test.
public enum TestPostgres {
    /// Settings that make a throwaway cluster fast (never for data you keep).
    /// Durability off (throwaway data), and room for every suite's pools and spawned mloop processes at once:
    /// Swift Testing runs suites in parallel against the one shared cluster.
    public static let fastSettings = [
        "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "400",
    ]

    private static let orphansRemoved = Task { TestClusterRegistry.removeOrphans() }
    private static let shared = Task { () throws -> PostgresConfiguration in try await startCluster("shared").1 }

    /// A fresh empty database (CREATE DATABASE with a unique name) on this test process's throwaway cluster,
    /// which is started on first use and stopped at process exit.
    public static func makeDatabase() async throws -> PostgresConfiguration {
        let server = try await shared.value
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try await PostgresConnection.connect(server, logger: TestLogger.logger)
        do {
            try await admin.query(SQL(unsafeRaw: "CREATE DATABASE " + SQL.quoteIdentifier(name)))
        } catch {
            await admin.close()
            throw error
        }
        await admin.close()
        return server.withDatabase(name)
    }

    /// A separate cluster a test may restart or stop without disturbing others (stopped at process exit too).
    public static func makeDedicatedCluster() async throws -> (LocalPostgresCluster, PostgresConfiguration) {
        return try await startCluster("dedicated")
    }

    private static func startCluster(_ kind: String) async throws -> (LocalPostgresCluster, PostgresConfiguration) {
        await orphansRemoved.value
        let folder = try TestClusterRegistry.makeFolder(kind)
        let cluster = LocalPostgresCluster(
            .init(dataDirectory: folder + "/data", serverSettings: fastSettings), logger: TestLogger.logger)
        TestClusterRegistry.register(dataDirectory: folder + "/data")
        let server = try await cluster.start()
        return (cluster, try PostgresConfiguration(server.conninfo))
    }
}
