import ArgumentParser
import Foundation
import Logging
import MLoopExecutor
import MLoopLoader
import MLoopScheduler
import MLoopStore
import ServiceLifecycle

/// Options and service wiring shared by `scheduler`, `worker` and `standalone`.
struct RoleOptions: ParsableArguments {
    @Option(help: "Worker slots: tries run at once by this worker.")
    var parallelism = 8

    @Option(
        name: .customLong("heartbeat-timeout"),
        help: "Seconds without a worker heartbeat before its tries are failed and retried.")
    var heartbeatTimeout: Double = 10

    @Option(name: .customLong("sync-interval"), help: "Seconds between passes over the DAGs folder.")
    var syncInterval: Double = 2

    func validate() throws {
        guard parallelism >= 1 else { throw ValidationError("--parallelism must be at least 1") }
        guard heartbeatTimeout > 0 else { throw ValidationError("--heartbeat-timeout must be positive") }
        guard syncInterval > 0 else { throw ValidationError("--sync-interval must be positive") }
    }

    static func processID(_ role: String) -> String {
        "\(role)-\(hostname)-\(getpid())-" + String(UInt32.random(in: 0..<UInt32.max), radix: 16)
    }

    static var hostname: String { ProcessInfo.processInfo.hostName }

    func scheduler(_ session: DatabaseSession, _ options: GlobalOptions, logger: Logger) -> SchedulerService {
        let sync = DAGFolderSync(
            folder: DAGFolder(path: options.resolvedDAGsFolder), store: WorkflowStore(pool: session.pool),
            logger: logger,
            swift: SwiftDeclarationRunner(configuration: .init(cacheDirectory: options.resolvedHome + "/swift-dags")))
        return SchedulerService(
            store: RunStore(pool: session.pool), sync: sync, listenerConfiguration: session.configuration,
            configuration: .init(
                processID: Self.processID("scheduler"), hostname: Self.hostname,
                dagSyncInterval: .milliseconds(Int64(syncInterval * 1000)),
                heartbeatTimeout: .milliseconds(Int64(heartbeatTimeout * 1000))),
            logger: logger)
    }

    func worker(_ session: DatabaseSession, _ options: GlobalOptions, logger: Logger) -> WorkerService {
        let home = options.resolvedHome
        var runnerConfiguration = TaskRunnerConfiguration(
            workDirectory: home + "/work", swiftCacheDirectory: home + "/swift-cache")
        if let python = OrphanGuard.findPython() {
            runnerConfiguration.sessionObserver = OrphanGuard.start(python: python, logger: logger)
        } else {
            logger.warning("python3 not found: task processes of this worker will not be killed if it dies abruptly")
        }
        let runner = TaskRunner(configuration: runnerConfiguration, logger: logger)
        return WorkerService(
            store: RunStore(pool: session.pool), runner: runner, listenerConfiguration: session.configuration,
            configuration: .init(
                workerID: Self.processID("worker"), hostname: Self.hostname, parallelism: parallelism,
                dagsFolder: options.resolvedDAGsFolder),
            logger: logger)
    }
}

/// Runs services until SIGINT/SIGTERM, then shuts them down gracefully.
enum ServiceRunner {
    static func run(_ services: [any Service], logger: Logger, banner: String) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) }, logger: logger))
        ShutdownSignals.handOver { _ in await group.triggerGracefulShutdown() }
        print(banner)
        fflush(nil)
        try await group.run()
    }
}
