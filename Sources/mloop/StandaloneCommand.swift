import ArgumentParser
import Foundation
import Logging
import MLoopLoader
import MLoopScheduler
import MLoopStore
import ServiceLifecycle

struct StandaloneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "standalone",
        abstract: "Run everything in one process on the embedded PostgreSQL (or MLOOP_DATABASE_URL) until Ctrl-C.")

    @OptionGroup var options: GlobalOptions

    @Option(name: .customLong("sync-interval"), help: "Seconds between passes over the DAGs folder.")
    var syncInterval: Double = 2

    func run() async throws {
        let logger = try options.makeLogger(defaultLevel: .info)
        let session = try await DatabaseSession.open(options, logger: logger)
        let folder = options.resolvedDAGsFolder
        let sync = DAGFolderSync(
            folder: DAGFolder(path: folder), store: WorkflowStore(pool: session.pool), logger: logger)
        do {
            let report = try await sync.syncOnce()
            let workflows = try await WorkflowStore(pool: session.pool).workflows()
            let service = DAGSyncService(
                sync: sync, configuration: .init(interval: .milliseconds(Int64(syncInterval * 1000))))
            let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: logger))
            ShutdownSignals.handOver { _ in await group.triggerGracefulShutdown() }
            print("""
                MLoop standalone is running.
                  database:  \(session.location)
                  dags:      \(folder) (\(workflows.count) workflows, \(report.failedFiles) files with errors; \
                rescanned every \(syncInterval.formatted()) s)
                  try:       mloop dags list    (in another terminal, same folder)
                Press Ctrl-C to stop.
                """)
            fflush(nil)
            try await group.run()
            logger.info("stopped; releasing the database")
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }
}
