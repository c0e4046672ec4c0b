import Foundation
import MLoopCore
import MLoopPostgres

/// Runs, task instances, tries, XCom and logs: the intents of schedulers, workers and operators, each in one
/// transaction. Schedulers and workers on any number of machines share one database and coordinate only through it:
/// claims use `FOR UPDATE SKIP LOCKED`, limits are enforced under a per-workflow lock in the transaction that queues,
/// and NOTIFY (see `StoreChannel`) only wakes.
///
/// Lock order, to stay free of deadlocks: a run row, then the workflow's slot lock, then task instance rows.
public struct RunStore: Sendable {
    public let pool: PostgresPool
    let definitions = DefinitionCache()

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Inserts a run (state queued) pinned to the workflow's current version, plus a `pending` task instance per task
    /// (max_tries = retries + 1), in one transaction, and wakes schedulers. For scheduled and backfill runs an existing
    /// run with the same (workflow, logical date) is returned instead (`created == false`).
    /// Throws `StoreError.notFound` for an unknown workflow and `.conflict` for an inactive one.
    public func createRun(_ request: NewRun) async throws -> (run: RunRecord, created: Bool) {
        try await pool.withTransaction { connection in try await createRun(request, connection) }
    }

    /// `createRun` inside the caller's transaction.
    func createRun(_ request: NewRun, _ connection: PostgresConnection) async throws
        -> (run: RunRecord, created: Bool)
    {
        let id = request.workflowID.rawValue
        let rows = try await connection.query(
            """
            SELECT is_active, current_version_id FROM workflow WHERE workflow_id = \(id) FOR KEY SHARE
            """)
        guard let row = rows.first else { throw StoreError.notFound("no workflow with id '\(id)'") }
        guard try row.decode("is_active", as: Bool.self) else {
            throw StoreError.conflict(
                "workflow '\(id)' is inactive: its file was removed or no longer declares it")
        }
        guard let versionID = try row.decode("current_version_id", as: Int64?.self) else {
            throw StoreError.conflict("workflow '\(id)' has no stored version yet")
        }
        let definition = try await definitions.definition(version: versionID, connection)
        let interval = request.dataInterval
        let inserted = try await connection.query(
            """
            INSERT INTO workflow_run (workflow_id, version_id, run_type, state, logical_date, data_interval_start,
                                      data_interval_end, conf, note)
            VALUES (\(id), \(versionID), \(request.runType.rawValue), \(RunState.queued.rawValue),
                    \(request.logicalDate), \(interval?.start), \(interval?.end), \(try PostgresJSON(encoding: request.conf)),
                    \(request.note))
            ON CONFLICT (workflow_id, logical_date) WHERE run_type IN ('scheduled', 'backfill') DO NOTHING
            RETURNING run_id
            """)
        guard let runRow = inserted.first else {
            let existing = try await connection.query(
                """
                SELECT \(RunRecord.columns) FROM workflow_run r JOIN workflow_version v ON v.version_id = r.version_id
                WHERE r.workflow_id = \(id) AND r.logical_date = \(request.logicalDate)
                  AND r.run_type IN ('scheduled', 'backfill')
                """)
            return (try RunRecord(row: existing[0]), false)
        }
        let runID = try runRow.decodeRunID()
        let tasks = definition.tasks
        try await connection.query(
            """
            INSERT INTO task_instance (run_id, task_id, state, max_tries, workflow_id)
            SELECT \(runID.rawValue), t.task_id, \(TaskInstanceState.pending.rawValue), t.max_tries, \(id)
            FROM unnest(\(tasks.map(\.id.rawValue))::text[], \(tasks.map { RetryPolicy($0).maxTries })::int[])
                 AS t(task_id, max_tries)
            """)
        try await notify(StoreChannel.scheduler, runID, connection)
        return (try await record(runID, connection), true)
    }

    /// The data interval of the newest scheduled run of a workflow, for `Schedule.nextDueInterval`.
    public func lastScheduledInterval(of workflow: WorkflowID) async throws -> DataInterval? {
        let rows = try await pool.query(
            """
            SELECT data_interval_start, data_interval_end FROM workflow_run
            WHERE workflow_id = \(workflow.rawValue) AND run_type = 'scheduled'
            ORDER BY logical_date DESC LIMIT 1
            """)
        return try rows.first?.decodeInterval(start: "data_interval_start", end: "data_interval_end")
    }

    /// How many scheduled runs of a workflow are still queued or running: the scheduler creates no more than
    /// `max_active_runs` ahead, so catching up a long history never floods the table.
    public func unfinishedScheduledRunCount(of workflow: WorkflowID) async throws -> Int {
        let rows = try await pool.query(
            """
            SELECT count(*)::int AS n FROM workflow_run
            WHERE workflow_id = \(workflow.rawValue) AND run_type = 'scheduled' AND state IN ('queued', 'running')
            """)
        return try rows[0].decode("n", as: Int.self)
    }

    /// Active, unpaused workflows with a schedule, with their current version and definition (for the scheduler's
    /// tick).
    public func schedulableWorkflows() async throws
        -> [(id: WorkflowID, versionID: Int64, definition: WorkflowDefinition)]
    {
        try await pool.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT workflow_id, current_version_id FROM workflow
                WHERE is_active AND NOT is_paused AND schedule IS NOT NULL AND current_version_id IS NOT NULL
                ORDER BY workflow_id
                """)
            var result: [(id: WorkflowID, versionID: Int64, definition: WorkflowDefinition)] = []
            for row in rows {
                let version = try row.decode("current_version_id", as: Int64.self)
                let definition = try await definitions.definition(version: version, connection)
                result.append((WorkflowID(try row.decode("workflow_id", as: String.self)), version, definition))
            }
            return result
        }
    }

    /// IDs of runs in state queued or running, oldest first.
    public func unfinishedRunIDs(limit: Int) async throws -> [RunID] {
        let rows = try await pool.query(
            """
            SELECT run_id FROM workflow_run WHERE state IN ('queued', 'running') ORDER BY run_id LIMIT \(limit)
            """)
        return try rows.map { try $0.decodeRunID() }
    }

    /// The earliest `next_try_at` of any instance up for retry: when a scheduler should plan again at the latest.
    public func nextRetryDue() async throws -> Date? {
        let rows = try await pool.query(
            "SELECT min(next_try_at) AS due FROM task_instance WHERE state = 'up_for_retry'")
        return try rows.first?.decode("due", as: Date?.self)
    }

    /// Records that a process is alive (upserts `process_heartbeat`). `role`: scheduler, worker, api or standalone;
    /// `slots`: a worker's parallelism.
    public func beat(
        processID: String, role: String, hostname: String, pid: Int32, slots: Int? = nil, now: Date
    ) async throws {
        try await pool.query(
            """
            INSERT INTO process_heartbeat (process_id, role, hostname, pid, slots, started_at, heartbeat_at)
            VALUES (\(processID), \(role), \(hostname), \(pid), \(slots), \(now), \(now))
            ON CONFLICT (process_id) DO UPDATE
            SET role = excluded.role, hostname = excluded.hostname, pid = excluded.pid, slots = excluded.slots,
                heartbeat_at = excluded.heartbeat_at, stopped_at = NULL
            """)
    }

    func record(_ id: RunID, _ connection: PostgresConnection) async throws -> RunRecord {
        let rows = try await connection.query(
            """
            SELECT \(RunRecord.columns) FROM workflow_run r JOIN workflow_version v ON v.version_id = r.version_id
            WHERE r.run_id = \(id.rawValue)
            """)
        guard let row = rows.first else { throw StoreError.notFound("no run with id \(id)") }
        return try RunRecord(row: row)
    }

    // Delivered when the transaction commits; identical messages of one transaction are folded into one.
    func notify(_ channel: String, _ run: RunID, _ connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_notify(\(channel), \(run.description))")
    }
}
