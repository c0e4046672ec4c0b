import Foundation
import MLoopCore
import MLoopPostgres

extension RunTables {
    /// Records the end of a try atomically: on success its XComs replace the task's earlier ones (a failed try
    /// stores none) and its branch choice is kept; the upstream XComs it read (`pulls`) are stored whatever the end;
    /// the try row gets state, end, exit code and error; the instance moves by `TaskInstanceState.apply` (success, skipped, up_for_retry with `next_try_at` from `RetryPolicy`, or
    /// failed); schedulers are woken. `finalLog`, the try's last log chunk, is stored in the same transaction (saving
    /// the worker a commit), even when the end is not recorded. Returns false, recording no end, when the try is no
    /// longer the instance's current running try (e.g. dead-worker detection failed it meanwhile).
    @discardableResult

    // Locks the matching task instances (and their tries); `tryNumber` nil means each instance's current try.
    func openTries(_ condition: SQL, tryNumber: Int?, skipLocked: Bool, _ connection: PostgresConnection)
        async throws -> [OpenTry]
    {
        let tryJoin: SQL = tryNumber.map { "y.try_number = \($0)" } ?? "y.try_number = ti.try_number"
        let locking: SQL = skipLocked ? "FOR UPDATE OF ti, y SKIP LOCKED" : "FOR UPDATE OF ti"
        let join: SQL = skipLocked ? "JOIN" : "LEFT JOIN"
        let rows = try await connection.query(
            """
            SELECT ti.run_id, ti.task_id, y.try_number AS try_row, ti.state, ti.try_number, ti.max_tries,
                   y.state AS try_state, r.version_id, r.workflow_id, r.logical_date
            FROM task_instance ti JOIN workflow_run r ON r.run_id = ti.run_id
            \(join) task_try y ON y.run_id = ti.run_id AND y.task_id = ti.task_id AND \(tryJoin)
            WHERE \(condition)
            ORDER BY ti.run_id, ti.task_id
            \(locking)
            """)
        return try rows.map { row in
            let instanceTry = try row.decode("try_number", as: Int.self)
            return OpenTry(
                ref: TryRef(
                    runID: try row.decodeRunID(), taskID: try row.decodeTaskID(),
                    tryNumber: try row.decode("try_row", as: Int?.self) ?? tryNumber ?? instanceTry),
                instanceState: try row.decodeState("state", as: TaskInstanceState.self), instanceTry: instanceTry,
                maxTries: try row.decode("max_tries", as: Int.self),
                tryState: try row.decode("try_state", as: String?.self).flatMap(TaskTryState.init(rawValue:)),
                versionID: try row.decode("version_id", as: Int64.self),
                workflowID: WorkflowID(try row.decode("workflow_id", as: String.self)),
                logicalDate: try row.decode("logical_date", as: Date.self))
        }
    }

    // One statement for the whole end (the closing log chunk, the try, the instance, clearing the task's earlier
    // XComs on success, waking schedulers); a success's new XComs follow in a second one.
    func record(_ end: TryEndRecord, of open: OpenTry, log: LogChunk?, now: Date, _ connection: PostgresConnection)
        async throws
    {
        let ref = open.ref
        let state = try open.instanceState.apply(end.event, triesSoFar: open.instanceTry, maxTries: open.maxTries).get()
        var nextTryAt: Date?
        if state == .upForRetry {
            let definition = try await definitions.definition(version: open.versionID, connection)
            let policy = definition.task(ref.taskID).map(RetryPolicy.init) ?? RetryPolicy(retries: 0, retryDelay: .zero)
            let jitterKey = "\(open.workflowID)#\(ref.taskID)#\(Timestamp.format(open.logicalDate))"
            nextTryAt = policy.nextTryAt(failedAt: now, afterTry: ref.tryNumber, jitterKey: jitterKey)
        }
        let key: SQL = "run_id = \(ref.runID.rawValue) AND task_id = \(ref.taskID.rawValue)"
        var with: [SQL] = []
        var logBytes: SQL = "log_bytes"
        if let log {
            with.append(insertChunk(log, of: ref))
            logBytes = "greatest(log_bytes, coalesce((SELECT max(end_offset) FROM inserted_chunk), 0))"
        }
        with.append(
            """
            ended_try AS (
                UPDATE task_try SET state = \(end.tryState.rawValue), ended_at = \(now), exit_code = \(end.exitCode),
                    error = \(end.error), log_bytes = \(logBytes)
                WHERE \(key) AND try_number = \(ref.tryNumber)
            )
            """)
        with.append(
            """
            ended_instance AS (
                UPDATE task_instance SET state = \(state.rawValue), ended_at = \(now), next_try_at = \(nextTryAt),
                    branch_choice = \(end.branch.map { $0.map(\.rawValue) }), updated_at = now()
                WHERE \(key)
            )
            """)
        if !end.pulls.isEmpty { with.append(try insertPulls(end.pulls, of: ref)) }
        if let xcoms = end.xcoms {
            with.append("cleared_xcom AS (DELETE FROM xcom WHERE \(key))")
            if !xcoms.isEmpty {
                // Sibling CTEs see one snapshot, so the new XComs cannot be inserted beside the DELETE.
                try await connection.query("WITH " + SQL.join(with, separator: ", ") + " SELECT 1")
                with = []
                try await connection.query(
                    """
                    INSERT INTO xcom (run_id, task_id, key, try_number, value)
                    SELECT \(ref.runID.rawValue), \(ref.taskID.rawValue), e.key, \(ref.tryNumber), e.value
                    FROM jsonb_each(\(try PostgresJSON(encoding: xcoms))) AS e
                    """)
            }
        }
        // Delivered when the transaction commits.
        let wake: SQL = "SELECT pg_notify(\(StoreChannel.scheduler), \(ref.runID.description))"
        try await connection.query(with.isEmpty ? wake : "WITH " + SQL.join(with, separator: ", ") + " " + wake)
    }
}

extension RunTables {
    // A CTE named recorded_pull: the try's pulls (a retried finish adds none twice).
    func insertPulls(_ pulls: [XComPull], of ref: TryRef) throws -> SQL {
        """
        recorded_pull AS (
            INSERT INTO xcom_pull (run_id, task_id, try_number, from_task_id, key)
            SELECT \(ref.runID.rawValue), \(ref.taskID.rawValue), \(ref.tryNumber), p.task_id, p.key
            FROM jsonb_to_recordset(\(try PostgresJSON(encoding: pulls))) AS p(task_id text, key text)
            ON CONFLICT DO NOTHING
        )
        """
    }
}
