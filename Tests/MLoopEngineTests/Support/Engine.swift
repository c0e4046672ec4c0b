import Foundation
import Logging
import MLoopCore
import MLoopExecutor
import MLoopLoader
import MLoopPostgres
import MLoopScheduler
import MLoopStore
import MLoopTestSupport
import ServiceLifecycle
import Testing

/// A scheduler and a worker running in this test process, as one `ServiceGroup`, on a fresh migrated database
/// over a temporary DAGs folder of YAML files. Timings are shortened (tick, sync, heartbeats) to keep tests fast.
final class Engine: Sendable {
    let pool: PostgresPool
    let configuration: PostgresConfiguration
    let scheduling: SchedulingStore
    let queue: WorkerQueue
    let operations: RunOperations
    let queries: RunQueries
    let registry: ProcessRegistry
    let workflows: WorkflowStore
    /// A scratch folder of the test: `dags/` and `work/` live in it; tasks may keep files there.
    let folder: String
    let dags: String
    let parallelism: Int
    private let running = RunningGroup()

    private init(pool: PostgresPool, configuration: PostgresConfiguration, folder: String, parallelism: Int) {
        self.pool = pool
        self.configuration = configuration
        self.scheduling = SchedulingStore(pool: pool)
        self.queue = WorkerQueue(pool: pool)
        self.operations = RunOperations(pool: pool)
        self.queries = RunQueries(pool: pool)
        self.registry = ProcessRegistry(pool: pool)
        self.workflows = WorkflowStore(pool: pool)
        self.folder = folder
        self.dags = folder + "/dags"
        self.parallelism = parallelism
    }

    /// A fresh database and folder with `files` (name → YAML) in `dags/`, already synced; no services yet.
    static func make(_ files: [String: String], parallelism: Int = 8) async throws -> Engine {
        try await make(parallelism: parallelism) { _ in files }
    }

    /// As `make(_:parallelism:)`, with files that may name paths in the test's folder (passed in).
    static func make(parallelism: Int = 8, files: (String) -> [String: String]) async throws -> Engine {
        let configuration = try await TestPostgres.makeDatabase()
        let pool = PostgresPool(configuration: configuration, maxConnections: 4, logger: TestLogger.logger)
        let migrations = try MigrationDirectory.load(MigrationDirectory.locate())
        _ = try await pool.withConnection { connection in
            try await Migrator(migrations: migrations, logger: TestLogger.logger).migrate(connection)
        }
        let folder = try EngineFolder.make("engine")
        let engine = Engine(pool: pool, configuration: configuration, folder: folder, parallelism: parallelism)
        try FileManager.default.createDirectory(atPath: engine.dags, withIntermediateDirectories: true)
        for (name, text) in files(folder) { try engine.write(name, text) }
        let report = try await engine.sync.syncOnce()
        for (path, outcome) in report.outcomes {
            if case .failed(let issues) = outcome { Issue.record("\(path): \(issues)") }
        }
        return engine
    }

    /// Starts the scheduler, the DAG-folder sync (`sync`, or the folder's plain one) and the worker.
    func startServices(sync: DAGFolderSync? = nil) async {
        let logger = TestLogger.logger
        let scheduler = SchedulerService(
            store: scheduling, registry: registry, listenerConfiguration: configuration,
            configuration: .init(
                processID: "scheduler-\(UUID().uuidString.prefix(8))", hostname: "test", tick: .milliseconds(250),
                heartbeatTimeout: .seconds(5)),
            logger: logger)
        let dagSync = DAGSyncService(
            sync: sync ?? self.sync, registry: registry,
            configuration: .init(
                processID: "dag_sync-\(UUID().uuidString.prefix(8))", hostname: "test", interval: .milliseconds(500)),
            logger: logger)
        let runner = TaskRunner(
            configuration: TaskRunnerConfiguration(
                workDirectory: folder + "/work", swiftCacheDirectory: folder + "/swift-cache",
                killGracePeriod: .seconds(1)),
            logger: logger)
        let worker = WorkerService(
            store: queue, registry: registry, runner: runner, listenerConfiguration: configuration,
            configuration: .init(
                workerID: "worker-\(UUID().uuidString.prefix(8))", hostname: "test", parallelism: parallelism,
                dagsFolder: dags, heartbeatInterval: .milliseconds(500), pollInterval: .milliseconds(500),
                shutdownGracePeriod: .seconds(1)),
            logger: logger)
        await running.start(ServiceGroup(configuration: .init(services: [scheduler, dagSync, worker], logger: logger)))
    }

    /// Shuts the services down gracefully and closes the pool; the test's folder is removed unless `keepFolder`
    /// (kept after a failure, to look at).
    func stop(keepFolder: Bool = false) async {
        await running.stop()
        await pool.close()
        if !keepFolder { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// Waits (bounded) until the scheduler has begun `count` more full passes, seen by its heartbeat, which each
    /// full pass records before it creates due runs and plans: a test can then assert that a pass did nothing.
    func schedulerPasses(_ count: Int, within limit: Duration = .seconds(30)) async throws {
        let beat: SQL = "SELECT max(heartbeat_at) AS at FROM process_heartbeat WHERE role = 'scheduler'"
        var last = try await pool.query(beat)[0].decode("at", as: Date?.self)
        var seen = 0
        try await Wait.until("\(count) scheduler passes", within: limit) {
            let now = try await self.pool.query(beat)[0].decode("at", as: Date?.self)
            if let now, now != last {
                seen += 1
                last = now
            }
            return seen >= count
        }
    }

    var sync: DAGFolderSync {
        DAGFolderSync(folder: DAGFolder(path: dags), store: workflows, logger: TestLogger.logger)
    }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: dags + "/" + name, atomically: true, encoding: .utf8)
    }

    /// A manual run of `workflow`, as `mloop trigger` creates it.
    func trigger(_ workflow: String, conf: [String: JSONValue] = [:], at date: Date = Date()) async throws -> RunID {
        try await scheduling.createRun(
            NewRun(workflowID: WorkflowID(workflow), runType: .manual, logicalDate: date, conf: conf)
        ).run.runID
    }

    /// Waits (bounded) until the run is finished and returns it.
    func finished(_ id: RunID, within limit: Duration = .seconds(30)) async throws -> RunDetail {
        try await Wait.until("run \(id) finishes", within: limit) {
            guard let detail = try await self.queries.run(id), detail.run.state.isFinished else { return nil }
            return detail
        }
    }

    /// The try's whole log.
    func log(_ run: RunID, _ task: String, try number: Int) async throws -> String {
        try await queries.log(TryRef(runID: run, taskID: TaskID(task), tryNumber: number), fromOffset: 0).content
    }
}

/// Runs an engine for `body` and always stops it, even when `body` throws.
func withEngine<T>(
    _ files: [String: String], parallelism: Int = 8, _ body: (Engine) async throws -> T
) async throws -> T {
    try await withEngine(parallelism: parallelism, files: { _ in files }, body)
}

/// Runs an engine whose files may name paths in the test's folder, and always stops it.
func withEngine<T>(
    parallelism: Int = 8, files: (String) -> [String: String], _ body: (Engine) async throws -> T
) async throws -> T {
    let engine = try await Engine.make(parallelism: parallelism, files: files)
    await engine.startServices()
    do {
        let result = try await body(engine)
        await engine.stop()
        return result
    } catch {
        await engine.stop(keepFolder: true)
        throw error
    }
}

/// The service group of an engine and the task running it.
private actor RunningGroup {
    private var group: ServiceGroup?
    private var task: Task<Void, Never>?

    func start(_ group: ServiceGroup) {
        self.group = group
        task = Task {
            do {
                try await group.run()
            } catch {
                Issue.record("engine services failed: \(error)")
            }
        }
    }

    func stop() async {
        await group?.triggerGracefulShutdown()
        await task?.value
        group = nil
        task = nil
    }
}
