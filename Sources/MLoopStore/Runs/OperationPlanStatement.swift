import Foundation
import MLoopCore
import MLoopPostgres

/// Applies an `OperationPlan` in the caller's transaction: every task change in one statement, each guarded by the
/// instance's from-state and its open try's legal states, then the run's transition guarded by its from-state.
/// Nothing here decides: every value comes from the plan.
struct OperationPlanStatement {
    var plan: OperationPlan
    var run: RunID
    var now: Date

    /// Applies the plan; returns the tasks whose change applied (a change whose instance moved meanwhile does not).
    func apply(_ connection: PostgresConnection) async throws -> Set<TaskID> {
        var applied: Set<TaskID> = []
        if !plan.changes.isEmpty {
            let rows = try await connection.query(try changesSQL)
            applied = Set(try rows.map { try $0.decodeTaskID() })
        }
        if let change = plan.run {
            let reopened = change.to == .queued
            try await connection.query(
                """
                UPDATE workflow_run SET state = \(change.to.rawValue),
                    queued_at = CASE WHEN \(reopened) THEN \(now) ELSE queued_at END,
                    started_at = CASE WHEN \(reopened) THEN NULL ELSE started_at END,
                    ended_at = CASE WHEN \(change.to.isFinished) THEN \(now) ELSE NULL END,
                    note = CASE WHEN \(reopened) THEN NULL WHEN \(change.to == .failed) THEN \(change.reason)
                                ELSE note END,
                    updated_at = now()
                WHERE run_id = \(run.rawValue) AND state = \(change.from.rawValue)
                """)
        }
        return applied
    }

    // One row per change, as JSON: typed columns with NULLs where a change has no value.
    private struct Row: Encodable {
        var taskID: String
        var fromState: String
        var toState: String
        var maxTries: Int?
        var resets: Bool
        var ended: Bool
        var tryNumber: Int?
        var tryFrom: [String]?
        var tryTo: String?
        var tryError: String?

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id"
            case fromState = "from_state"
            case toState = "to_state"
            case maxTries = "max_tries"
            case resets, ended
            case tryNumber = "try_number"
            case tryFrom = "try_from"
            case tryTo = "try_to"
            case tryError = "try_error"
        }
    }

    // The instance row before its try row: the lock order of finishing and claims (the try CTE joins `changed`).
    private var changesSQL: SQL {
        get throws {
            let rows = plan.changes.map { change in
                Row(
                    taskID: change.task.rawValue, fromState: change.from.rawValue, toState: change.to.rawValue,
                    maxTries: change.maxTries, resets: change.resets, ended: change.to.isFinished,
                    tryNumber: change.openTry?.tryNumber, tryFrom: change.openTry?.from.map(\.rawValue),
                    tryTo: change.openTry?.to.rawValue, tryError: change.openTry?.error)
            }
            return """
                WITH c AS (
                    SELECT * FROM jsonb_to_recordset(\(try PostgresJSON(encoding: rows)))
                        AS c(task_id text, from_state text, to_state text, max_tries int, resets boolean, ended boolean,
                             try_number int, try_from text[], try_to text, try_error text)
                ), changed AS (
                    UPDATE task_instance t SET state = c.to_state, max_tries = coalesce(c.max_tries, t.max_tries),
                        next_try_at = NULL, ended_at = CASE WHEN c.ended THEN \(now) END,
                        queued_at = CASE WHEN c.resets THEN NULL ELSE t.queued_at END,
                        started_at = CASE WHEN c.resets THEN NULL ELSE t.started_at END,
                        progress = CASE WHEN c.resets THEN NULL ELSE t.progress END,
                        metadata = CASE WHEN c.resets THEN NULL ELSE t.metadata END,
                        branch_choice = CASE WHEN c.resets THEN NULL ELSE t.branch_choice END,
                        updated_at = now()
                    FROM c WHERE t.run_id = \(run.rawValue) AND t.task_id = c.task_id AND t.state = c.from_state
                    RETURNING t.task_id
                ), ended_try AS (
                    UPDATE task_try y SET state = c.try_to, ended_at = \(now), error = c.try_error
                    FROM c JOIN changed USING (task_id)
                    WHERE y.run_id = \(run.rawValue) AND y.task_id = c.task_id AND y.try_number = c.try_number
                      AND y.state = ANY(c.try_from)
                ), forgotten AS (
                    DELETE FROM xcom x USING c JOIN changed USING (task_id)
                    WHERE c.resets AND x.run_id = \(run.rawValue) AND x.task_id = c.task_id
                )
                SELECT task_id FROM changed
                """
        }
    }
}

extension RunTables {
    /// Applies an operation plan read under `lockForOperation`; every change must apply (the rows are locked).
    func apply(_ plan: OperationPlan, to run: RunID, now: Date, _ connection: PostgresConnection) async throws {
        let applied = try await OperationPlanStatement(plan: plan, run: run, now: now).apply(connection)
        if let missed = plan.tasks.first(where: { !applied.contains($0) }) {
            throw StoreError.conflict("task '\(missed)' of run \(run) changed while it was being updated; try again")
        }
        try await notify(StoreChannel.scheduler, run, connection)
        if plan.stopsRunningTries {
            // Workers check their running tries at once instead of at their next heartbeat.
            try await connection.query("SELECT pg_notify(\(StoreChannel.worker), \(StoreChannel.stopPayload))")
        }
    }
}
