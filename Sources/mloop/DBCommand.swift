import ArgumentParser
import Foundation
import MLoopCore
import MLoopStore

struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "The database: apply migrations, show the schema version.",
        subcommands: [Migrate.self, Status.self]
    )

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply every pending migration from migrations/ (also done automatically at start-up).")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let logger = try options.makeLogger(defaultLevel: .warning)
            let migrations = try MigrationDirectory.load(MigrationDirectory.locate())
            let report = try await DatabaseSession.with(options, logger: logger, migrate: false) { session in
                try await session.pool.withConnection { connection in
                    try await Migrator(migrations: migrations, logger: logger).migrate(connection)
                }
            }
            for name in report.applied { print("applied \(name)") }
            print(
                report.applied.isEmpty
                    ? "schema is up to date (version \(report.schemaVersion))"
                    : "schema now at version \(report.schemaVersion)")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List applied and pending migrations.")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let logger = try options.makeLogger(defaultLevel: .warning)
            let migrations = try MigrationDirectory.load(MigrationDirectory.locate())
            let applied = try await DatabaseSession.with(options, logger: logger, migrate: false) { session in
                try await session.pool.withConnection { connection in
                    try await Migrator(migrations: migrations, logger: logger).appliedMigrations(connection)
                }
            }
            let appliedByVersion = Dictionary(uniqueKeysWithValues: applied.map { ($0.version, $0) })
            for migration in migrations {
                if let record = appliedByVersion[migration.version] {
                    let changed = record.checksum == migration.checksum ? "" : "  (file changed since it was applied!)"
                    print("applied  \(migration.name)  \(Timestamp.format(record.appliedAt))\(changed)")
                } else {
                    print("pending  \(migration.name)")
                }
            }
        }
    }
}
