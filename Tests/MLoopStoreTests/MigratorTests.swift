import Foundation
import Logging
import MLoopPostgres
import MLoopStore
import MLoopTestSupport
import Testing

@Suite struct MigratorTests {
    let logger = TestLogger.logger

    static func repositoryMigrations() throws -> [Migration] {
        try MigrationDirectory.load(MigrationDirectory.locate())
    }

    func connect(_ configuration: PostgresConfiguration) async throws -> PostgresConnection {
        try await PostgresConnection.connect(configuration, logger: logger)
    }

    @Test func appliesEveryMigrationToAFreshDatabaseAndRecordsIt() async throws {
        let connection = try await connect(try await TestPostgres.makeDatabase())
        let migrations = try Self.repositoryMigrations()
        let report = try await Migrator(migrations: migrations, logger: logger).migrate(connection)
        #expect(report.applied == migrations.map(\.name))
        #expect(report.schemaVersion == migrations.last?.version)
        let applied = try await Migrator(migrations: migrations, logger: logger).appliedMigrations(connection)
        #expect(applied.map(\.checksum) == migrations.map(\.checksum))
        let tables = try await connection.query(
            "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename = 'task_instance'")
        #expect(try tables[0].decode("n", as: Int.self) == 1)
        await connection.close()
    }

    @Test func rerunningAppliesNothing() async throws {
        let connection = try await connect(try await TestPostgres.makeDatabase())
        let migrator = Migrator(migrations: try Self.repositoryMigrations(), logger: logger)
        _ = try await migrator.migrate(connection)
        let second = try await migrator.migrate(connection)
        #expect(second.applied.isEmpty)
        await connection.close()
    }

    @Test func concurrentMigratorsApplyEachMigrationOnce() async throws {
        let configuration = try await TestPostgres.makeDatabase()
        let migrations = try Self.repositoryMigrations()
        let reports = try await withThrowingTaskGroup(of: Migrator.Report.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let connection = try await PostgresConnection.connect(configuration, logger: TestLogger.logger)
                    let report = try await Migrator(migrations: migrations, logger: TestLogger.logger)
                        .migrate(connection)
                    await connection.close()
                    return report
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(reports.map(\.applied.count).reduce(0, +) == migrations.count)
        #expect(reports.filter { !$0.applied.isEmpty }.count == 1)
    }

    @Test func refusesAnAppliedMigrationWhoseFileChanged() async throws {
        let connection = try await connect(try await TestPostgres.makeDatabase())
        let original = [
            Migration(version: 1, name: "0001_create_thing.sql", sql: "CREATE TABLE thing (id int);")
        ]
        _ = try await Migrator(migrations: original, logger: logger).migrate(connection)
        let tampered = [
            Migration(version: 1, name: "0001_create_thing.sql", sql: "CREATE TABLE thing (id bigint);")
        ]
        await #expect {
            _ = try await Migrator(migrations: tampered, logger: logger).migrate(connection)
        } throws: { error in
            let message = "\(error)"
            return message.contains("0001_create_thing.sql") && message.contains("changed after it was applied")
        }
        await connection.close()
    }

    @Test func refusesADatabaseNewerThanTheMigrationFiles() async throws {
        let connection = try await connect(try await TestPostgres.makeDatabase())
        let two = [
            Migration(version: 1, name: "0001_a.sql", sql: "CREATE TABLE a (id int);"),
            Migration(version: 2, name: "0002_b.sql", sql: "CREATE TABLE b (id int);"),
        ]
        _ = try await Migrator(migrations: two, logger: logger).migrate(connection)
        await #expect {
            _ = try await Migrator(migrations: [two[0]], logger: logger).migrate(connection)
        } throws: { error in "\(error)".contains("0002_b.sql") && "\(error)".contains("does not know") }
        await connection.close()
    }

    @Test func aFailingMigrationIsRolledBackAndLaterOnesAreNotApplied() async throws {
        let connection = try await connect(try await TestPostgres.makeDatabase())
        let migrations = [
            Migration(version: 1, name: "0001_a.sql", sql: "CREATE TABLE a (id int);"),
            Migration(version: 2, name: "0002_b.sql", sql: "CREATE TABLE b (id int); SELECT * FROM missing_table;"),
            Migration(version: 3, name: "0003_c.sql", sql: "CREATE TABLE c (id int);"),
        ]
        await #expect {
            _ = try await Migrator(migrations: migrations, logger: logger).migrate(connection)
        } throws: { error in "\(error)".contains("0002_b.sql") && "\(error)".contains("missing_table") }
        let tables = try await connection.query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('a', 'b', 'c') ORDER BY 1")
        #expect(try tables.map { try $0.decode("tablename", as: String.self) } == ["a"])
        let applied = try await Migrator(migrations: migrations, logger: logger).appliedMigrations(connection)
        #expect(applied.map(\.version) == [1])
        await connection.close()
    }

    @Test func migrationFilesMustBeNamedWithFourDigitsAndAnUnderscore() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "SELECT 1;".write(toFile: folder + "/1_bad.sql", atomically: true, encoding: .utf8)
        #expect(throws: StoreError.self) { try MigrationDirectory.load(folder) }
    }

    @Test func repositoryMigrationsAreNumberedWithoutGaps() throws {
        let versions = try Self.repositoryMigrations().map(\.version)
        #expect(versions == Array(1...versions.count))
    }
}
