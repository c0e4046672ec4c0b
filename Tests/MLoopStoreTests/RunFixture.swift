import Foundation
import MLoopCore
import MLoopPostgres
import MLoopStore
import MLoopTestSupport
import Testing

/// A migrated database with workflows built in code, and the run store on it.
struct RunFixture {
    let pool: PostgresPool
    let workflows: WorkflowStore
    let scheduling: SchedulingStore
    let queue: WorkerQueue
    let operations: RunOperations
    let queries: RunQueries
    let registry: ProcessRegistry
    /// A fixed instant tests move forward from.
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    init(maxConnections: Int = 4) async throws {
        pool = try await MigratedDatabase.makePool(maxConnections: maxConnections)
        workflows = WorkflowStore(pool: pool)
        scheduling = SchedulingStore(pool: pool)
        queue = WorkerQueue(pool: pool)
        operations = RunOperations(pool: pool)
        queries = RunQueries(pool: pool)
        registry = ProcessRegistry(pool: pool)
    }

    /// Stores a workflow as a file workflow (`<id>.yaml`).
    func store(_ definition: WorkflowDefinition) async throws {
        let source = WorkflowSource(definition: definition, sourceText: "{}", format: .json)
        _ = try await workflows.recordLoadedFile(
            path: "\(definition.id).yaml", contentHash: CanonicalForm.contentHash(definition), workflows: [source])
    }

    /// A workflow of bash tasks; `needs` maps a task to its upstream tasks.
    static func workflow(
        _ id: WorkflowID, tasks: [TaskID], needs: [TaskID: [TaskID]] = [:], retries: Int = 0,
        maxActiveTasks: Int = 16, maxActiveRuns: Int = 16, runTimeout: Duration? = nil
    ) -> WorkflowDefinition {
        WorkflowDefinition(
            id: id, maxActiveRuns: maxActiveRuns, maxActiveTasks: maxActiveTasks, runTimeout: runTimeout,
            tasks: tasks.map { task in
                TaskDefinition(
                    id: task, action: .bash(script: "true"), needs: needs[task] ?? [], retries: retries,
                    retryDelay: .seconds(60))
            })
    }

    /// Stores the workflow and creates a manual run of it.
    func startRun(_ definition: WorkflowDefinition, at date: Date? = nil) async throws -> RunID {
        try await store(definition)
        return try await manualRun(definition.id, at: date)
    }

    func manualRun(_ workflow: WorkflowID, at date: Date? = nil) async throws -> RunID {
        try await scheduling.createRun(NewRun(workflowID: workflow, runType: .manual, logicalDate: date ?? t0)).run
            .runID
    }

    /// Claims everything queued (one worker) at `now`.
    func claimAll(_ now: Date, worker: String = "w1") async throws -> [ClaimedTry] {
        try await queue.claimQueuedTries(limit: 10_000, workerID: worker, hostname: "host", now: now)
    }

    func states(_ run: RunID) async throws -> [TaskID: TaskInstanceState] {
        let detail = try #require(try await queries.run(run))
        return Dictionary(uniqueKeysWithValues: detail.taskInstances.map { ($0.taskID, $0.state) })
    }

    func runState(_ run: RunID) async throws -> RunState { try #require(try await queries.run(run)).run.state }

    func count(_ sql: SQL) async throws -> Int {
        try await pool.query(sql)[0].decode("n", as: Int.self)
    }

    func close() async { await pool.close() }
}
