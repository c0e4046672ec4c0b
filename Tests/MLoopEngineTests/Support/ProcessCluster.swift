import Foundation
import MLoopCore
import MLoopPostgres
import MLoopStore
import MLoopTestSupport
import Testing

/// Schedulers and workers as real `mloop` processes on one database, over a temporary DAGs folder; the test reads
/// the database through its own pool. Every process started is stopped at the end, and so is every task process
/// that recorded its pid in `pids/`.
final class ProcessCluster: Sendable {
    let configuration: PostgresConfiguration
    let pool: PostgresPool
    let scheduling: SchedulingStore
    let queue: WorkerQueue
    let operations: RunOperations
    let queries: RunQueries
    let registry: ProcessRegistry
    let folder: String
    let dags: String
    private let processes = ProcessList()

    init(configuration: PostgresConfiguration, files: [String: String]) throws {
        self.configuration = configuration
        pool = PostgresPool(configuration: configuration, maxConnections: 2, logger: TestLogger.logger)
        scheduling = SchedulingStore(pool: pool)
        queue = WorkerQueue(pool: pool)
        operations = RunOperations(pool: pool)
        queries = RunQueries(pool: pool)
        registry = ProcessRegistry(pool: pool)
        folder = try EngineFolder.make("processes")
        dags = folder + "/dags"
        for path in [dags, folder + "/pids", folder + "/logs"] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        chmod(folder + "/pids", 0o777)
        for (name, text) in files { try text.write(toFile: dags + "/" + name, atomically: true, encoding: .utf8) }
    }

    var environment: [String: String] {
        [
            "MLOOP_DATABASE_URL": configuration.conninfo, "MLOOP_DAGS_FOLDER": dags, "MLOOP_HOME": folder + "/home",
            "MLOOP_LOG_LEVEL": "info",
            // Tasks append the pids of their background processes here (`echo $! >> $PIDS_FILE`) for tear-down.
            "PIDS_FILE": folder + "/pids/tasks",
        ]
    }

    /// Runs an `mloop` command to completion against the cluster's database.
    func mloop(_ arguments: String...) async throws -> MLoopBinary.Outcome {
        try await MLoopBinary.run(arguments, environment: environment)
    }

    /// Starts `mloop scheduler` (heartbeat timeout 3 s, DAG sync every 0.5 s).
    @discardableResult
    func startScheduler(_ name: String) async throws -> BackgroundProcess {
        try await start(name, ["scheduler", "--heartbeat-timeout", "3", "--sync-interval", "0.5"])
    }

    /// Starts `mloop worker --parallelism N`.
    @discardableResult
    func startWorker(_ name: String, parallelism: Int) async throws -> BackgroundProcess {
        try await start(name, ["worker", "--parallelism", "\(parallelism)"])
    }

    private func start(_ name: String, _ arguments: [String]) async throws -> BackgroundProcess {
        let process = try await BackgroundProcess.start(
            name, arguments, environment: environment, logFile: "\(folder)/logs/\(name).log")
        await processes.add(process)
        return process
    }

    /// Waits until the scheduler has stored `workflow` from the DAGs folder.
    func waitForWorkflow(_ workflow: String) async throws {
        let store = WorkflowStore(pool: pool)
        try await Wait.until("workflow \(workflow) is synced", within: .seconds(20), every: .milliseconds(200)) {
            (try? await store.currentDefinition(of: WorkflowID(workflow))) != nil
        }
    }

    func trigger(_ workflow: String) async throws -> RunID {
        try await scheduling.createRun(NewRun(workflowID: WorkflowID(workflow), runType: .manual, logicalDate: Date()))
            .run.runID
    }

    func finished(_ id: RunID, within limit: Duration) async throws -> RunDetail {
        try await Wait.until("run \(id) finishes", within: limit, every: .milliseconds(200)) {
            guard let detail = try? await self.queries.run(id), detail.run.state.isFinished else { return nil }
            return detail
        }
    }

    /// Stops every process (SIGKILL: the test is over) and every task process that left its pid in `pids/`; the
    /// folder is removed unless `keepFolder` (kept after a failure, with the processes' logs).
    func tearDown(keepFolder: Bool = false) async {
        for process in await processes.all { await process.crash() }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/pids")) ?? []
        for file in files {
            // Only if the pid still names a task process: a task that ended long ago may have left its pid to
            // anything, e.g. a backend of the shared test cluster.
            for pid in (try? ProcessCheck.pids(in: folder + "/pids/" + file)) ?? [] where pid > 1 {
                if ProcessCheck.isTaskProcess(pid) { kill(pid, SIGKILL) }
            }
        }
        await pool.close()
        if !keepFolder { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// Every process's output, for a failure message.
    func outputs() async -> String {
        var text = ""
        for process in await processes.all { text += "--- \(process.name)\n\(process.output.suffix(3000))\n" }
        return text
    }
}

/// Runs `body` with a process cluster on a fresh database and always tears it down.
func withProcesses<T>(
    _ files: [String: String], configuration: PostgresConfiguration? = nil, _ body: (ProcessCluster) async throws -> T
) async throws -> T {
    let database: PostgresConfiguration
    if let configuration { database = configuration } else { database = try await TestPostgres.makeDatabase() }
    let cluster = try ProcessCluster(configuration: database, files: files)
    do {
        let result = try await body(cluster)
        await cluster.tearDown()
        return result
    } catch {
        Issue.record("process output (logs kept in \(cluster.folder)/logs):\n\(await cluster.outputs())")
        await cluster.tearDown(keepFolder: true)
        throw error
    }
}

private actor ProcessList {
    private(set) var all: [BackgroundProcess] = []
    func add(_ process: BackgroundProcess) { all.append(process) }
}

extension RunDetail {
    /// For each task: its tries never overlapped in time and each try number has exactly one row that started.
    func triesNeverOverlap() -> [String] {
        var problems: [String] = []
        for (task, tries) in Dictionary(grouping: tries, by: \.taskID) {
            let numbers = tries.map(\.tryNumber)
            if Set(numbers).count != numbers.count { problems.append("\(task): try numbers repeat: \(numbers)") }
            let started = tries.filter { $0.startedAt != nil }.sorted { $0.tryNumber < $1.tryNumber }
            for (earlier, later) in zip(started, started.dropFirst()) {
                guard let end = earlier.endedAt, let start = later.startedAt, start >= end else {
                    problems.append("\(task): try \(later.tryNumber) started before try \(earlier.tryNumber) ended")
                    continue
                }
            }
        }
        return problems
    }
}
