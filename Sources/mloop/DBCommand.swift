import ArgumentParser
import Foundation
import MLoopCore
import MLoopLocalPostgres
import MLoopStore

struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "The database: apply migrations, show the schema version, remove the embedded cluster.",
        subcommands: [Migrate.self, Status.self, Destroy.self]
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

    struct Destroy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop the embedded PostgreSQL and delete it with all its data, wherever it lives.",
            discussion: """
                Removes the cluster of MLOOP_HOME (also when it was moved to /var/tmp because the postgres user \
                cannot reach MLOOP_HOME). Refuses while another mloop process uses it, and with \
                MLOOP_DATABASE_URL set (MLoop never deletes a server it did not create).
                """)

        @OptionGroup var options: GlobalOptions
        @Flag(help: "Confirm: every workflow, run and log in the embedded database is deleted.") var yes = false

        func run() async throws {
            guard options.resolvedDatabaseURL == nil else {
                throw ValidationError("MLOOP_DATABASE_URL is set: `db destroy` only removes the embedded PostgreSQL")
            }
            guard yes else {
                throw ValidationError(
                    "this deletes the embedded PostgreSQL in \(options.resolvedHome) with all its data; "
                        + "run again with --yes to confirm")
            }
            let logger = try options.makeLogger(defaultLevel: .warning)
            let removed = try await EmbeddedPostgres(home: options.resolvedHome, logger: logger).destroy()
            if removed.isEmpty { print("nothing to remove: no embedded PostgreSQL in \(options.resolvedHome)") }
            for path in removed { print("removed \(path)") }
        }
    }
}
