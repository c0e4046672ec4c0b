import Foundation
import MLoopCore
import MLoopPostgres

/// What schedulers do to runs: create them (scheduled runs, one per data interval), find the ones to plan, plan each
/// under its row lock (`planRun`), and fail the tries of workers that stopped heartbeating.
public struct SchedulingStore: RunTables {
    let pool: PostgresPool
    let definitions = DefinitionCache()

    public init(pool: PostgresPool) {
        self.pool = pool
    }
}

extension SchedulingStore {
    /// Inserts a run (state queued) pinned to the workflow's current version, plus a `pending` task instance per task
    /// (max_tries = retries + 1), in one transaction, and wakes schedulers. For scheduled and backfill runs an existing
    /// run with the same (workflow, logical date) is returned instead (`created == false`).
    /// Throws `StoreError.notFound` for an unknown workflow and `.conflict` for an inactive one.
    public func createRun(_ request: NewRun) async throws -> (run: RunRecord, created: Bool) {
        try await pool.withTransaction { connection in try await createRun(request, connection) }
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
}
