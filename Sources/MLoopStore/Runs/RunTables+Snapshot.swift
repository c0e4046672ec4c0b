import Foundation
import MLoopCore
import MLoopPostgres

extension RunTables {
    /// The run's head row; with `lock`, `FOR UPDATE` (and `SKIP LOCKED` when `skipLocked`).
    func head(_ id: RunID, lock: Bool, skipLocked: Bool = false, _ connection: PostgresConnection) async throws
        -> RunHead?
    {
        let locking: SQL = lock ? (skipLocked ? " FOR UPDATE OF r SKIP LOCKED" : " FOR UPDATE OF r") : ""
        let rows = try await connection.query(
            """
            SELECT r.workflow_id, r.version_id, r.state, r.queued_at, r.started_at, r.logical_date, w.is_paused
            FROM workflow_run r JOIN workflow w ON w.workflow_id = r.workflow_id
            WHERE r.run_id = \(id.rawValue)\(locking)
            """)
        guard let row = rows.first else { return nil }
        return RunHead(
            id: id, workflowID: WorkflowID(try row.decode("workflow_id", as: String.self)),
            versionID: try row.decode("version_id", as: Int64.self),
            state: try row.decodeState("state", as: RunState.self),
            queuedAt: try row.decode("queued_at", as: Date.self),
            startedAt: try row.decode("started_at", as: Date?.self),
            workflowPaused: try row.decode("is_paused", as: Bool.self),
            logicalDate: try row.decode("logical_date", as: Date.self))
    }

    /// The run's task instances as the planner sees them; with `lock`, each row `FOR UPDATE` (in task order, after
    /// the run row: the lock order), so a claim or an end cannot change one between the read and the plan's apply.
    func instanceSnapshots(_ id: RunID, lock: Bool = false, _ connection: PostgresConnection) async throws
        -> [TaskID: TaskInstanceSnapshot]
    {
        let locking: SQL = lock ? " ORDER BY task_id FOR UPDATE" : ""
        let rows = try await connection.query(
            """
            SELECT task_id, state, try_number, max_tries, next_try_at, branch_choice FROM task_instance
            WHERE run_id = \(id.rawValue)\(locking)
            """)
        var instances: [TaskID: TaskInstanceSnapshot] = [:]
        for row in rows {
            instances[try row.decodeTaskID()] = TaskInstanceSnapshot(
                state: try row.decodeState("state", as: TaskInstanceState.self),
                triesSoFar: try row.decode("try_number", as: Int.self),
                maxTries: try row.decode("max_tries", as: Int.self),
                nextTryAt: try row.decode("next_try_at", as: Date?.self),
                branchChoice: try row.decode("branch_choice", as: [String]?.self).map { Set($0.map { TaskID($0) }) })
        }
        return instances
    }

    /// Task instances queued or running across every run of the workflow, and its running runs.
    func workflowLoad(_ workflow: WorkflowID, _ connection: PostgresConnection) async throws
        -> (activeTasks: Int, runningRuns: Int)
    {
        let load = try await workflowLoad(workflow, run: nil, connection)
        return (load.activeTasks, load.runningRuns)
    }

    /// `workflowLoad`, plus a summary of `run`'s instances when asked for it.
    func workflowLoad(_ workflow: WorkflowID, run: RunID?, _ connection: PostgresConnection) async throws
        -> (activeTasks: Int, runningRuns: Int, run: RunProgress?)
    {
        let progress: SQL = run.map { ", p.* FROM (\(RunProgress.select(run: "\($0.rawValue)"))) p" } ?? ""
        let rows = try await connection.query(
            """
            SELECT (SELECT count(*) FROM task_instance
                    WHERE workflow_id = \(workflow.rawValue) AND state IN ('queued', 'running')) AS active_tasks,
                   (SELECT count(*) FROM workflow_run
                    WHERE workflow_id = \(workflow.rawValue) AND state = 'running') AS running_runs\(progress)
            """)
        let row = rows[0]
        let summary = run == nil ? nil : try RunProgress(row: row)
        return (try row.decode("active_tasks", as: Int.self), try row.decode("running_runs", as: Int.self), summary)
    }

    /// Serialises every transaction that queues tasks or starts runs of one workflow, so `max_active_tasks` and
    /// `max_active_runs` are counted and enforced under the same lock. Ends with the transaction.
    func lockWorkflowSlots(_ workflow: WorkflowID, _ connection: PostgresConnection) async throws {
        try await connection.query(
            "SELECT pg_advisory_xact_lock(hashtextextended(\("mloop.workflow_slots:" + workflow.rawValue), 0))")
    }
}
