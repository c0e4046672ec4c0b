import ArgumentParser
import Foundation
import Logging
import MLoopExecutor
import MLoopLoader
import MLoopScheduler
import MLoopStore
import ServiceLifecycle

/// The worker's options and its service (`worker`, `standalone`).
struct WorkerOptions: ParsableArguments {
    @Option(help: "Worker slots: tries run at once by this worker.")
    var parallelism = 8

    func validate() throws {
        guard parallelism >= 1 else { throw ValidationError("--parallelism must be at least 1") }
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
            store: WorkerQueue(pool: session.pool), registry: ProcessRegistry(pool: session.pool), runner: runner,
            listenerConfiguration: session.configuration,
            configuration: .init(
                workerID: ProcessIdentity.processID("worker"), hostname: ProcessIdentity.hostname,
                parallelism: parallelism, dagsFolder: options.resolvedDAGsFolder),
            logger: logger)
    }
}
