import ArgumentParser
import Foundation
import Logging
import MLoopExecutor
import MLoopLoader
import MLoopScheduler
import MLoopStore
import ServiceLifecycle

/// The scheduler's options and its services (`scheduler`, `standalone`).
struct SchedulerOptions: ParsableArguments {
    @Option(
        name: .customLong("heartbeat-timeout"),
        help: "Seconds without a worker heartbeat before its tries are failed and retried.")
    var heartbeatTimeout: Double = 10

    @Option(name: .customLong("sync-interval"), help: "Seconds between passes over the DAGs folder.")
    var syncInterval: Double = 2

    func validate() throws {
        guard heartbeatTimeout > 0 else { throw ValidationError("--heartbeat-timeout must be positive") }
        guard syncInterval > 0 else { throw ValidationError("--sync-interval must be positive") }
    }

    func scheduler(_ session: DatabaseSession, logger: Logger) -> SchedulerService {
        SchedulerService(
            store: SchedulingStore(pool: session.pool), registry: ProcessRegistry(pool: session.pool),
            listenerConfiguration: session.configuration,
            configuration: .init(
                processID: ProcessIdentity.processID("scheduler"), hostname: ProcessIdentity.hostname,
                heartbeatTimeout: .milliseconds(Int64(heartbeatTimeout * 1000))),
            logger: logger)
    }

    /// The DAG-folder sync, a service of its own beside the scheduler: it compiles and runs Swift workflow files,
    /// which must never hold up planning.
    func dagSync(_ session: DatabaseSession, _ options: GlobalOptions, logger: Logger) -> DAGSyncService {
        let sync = DAGFolderSync(
            folder: DAGFolder(path: options.resolvedDAGsFolder), store: WorkflowStore(pool: session.pool),
            logger: logger,
            swift: SwiftDeclarationRunner(configuration: .init(cacheDirectory: options.resolvedHome + "/swift-dags")))
        return DAGSyncService(
            sync: sync, registry: ProcessRegistry(pool: session.pool),
            configuration: .init(
                processID: ProcessIdentity.processID("dag_sync"), hostname: ProcessIdentity.hostname,
                interval: .milliseconds(Int64(syncInterval * 1000))),
            logger: logger)
    }
}
