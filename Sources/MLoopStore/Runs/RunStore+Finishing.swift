import Foundation
import MLoopCore
import MLoopPostgres

/// A running try as `finishTry` and `failStaleTries` read it, its task instance locked.
private struct OpenTry {
    var ref: TryRef
    var instanceState: TaskInstanceState
    var instanceTry: Int
    var maxTries: Int
    var tryState: TaskTryState?
    var versionID: Int64
    var workflowID: WorkflowID
    var logicalDate: Date

    /// Still the instance's current running try: anything else was ended meanwhile and must not be recorded.
    var isCurrent: Bool { instanceState == .running && instanceTry == ref.tryNumber && tryState == .running }
}

extension RunStore {
    /// Records the end of a try atomically: on success its XComs replace the task's earlier ones (a failed try
    /// stores none) and its branch choice is kept; the upstream XComs it read (`pulls`) are stored whatever the end;
    /// the try row gets state, end, exit code and error; the instance moves by `TaskInstanceState.apply` (success, skipped, up_for_retry with `next_try_at` from `RetryPolicy`, or
    /// failed); schedulers are woken. `finalLog`, the try's last log chunk, is stored in the same transaction (saving
    /// the worker a commit), even when the end is not recorded. Returns false, recording no end, when the try is no
    /// longer the instance's current running try (e.g. dead-worker detection failed it meanwhile).
    @discardableResult
    public func finishTry(
        _ ref: TryRef, _ outcome: TryOutcome, pulls: [XComPull] = [], finalLog: LogChunk? = nil, now: Date
    ) async throws -> Bool {
        let reported = TryEnd(ref: ref, outcome: outcome, pulls: pulls, finalLog: finalLog)
        if reported.isRecordableTogether { return try await finishTriesTogether([reported], now: now)[0] }
        return try await pool.withTransaction { connection in
            let rows = try await openTries(
                "ti.run_id = \(ref.runID.rawValue) AND ti.task_id = \(ref.taskID.rawValue)", tryNumber: ref.tryNumber,
                skipLocked: false, connection)
            guard let open = rows.first, open.isCurrent else {
                if let finalLog { try await connection.query(appendLogSQL(finalLog, of: ref)) }
                return false
            }
            var end = End(outcome)
            end.pulls = pulls
            try await record(end, of: open, log: finalLog, now: now, connection)
            return true
        }
    }

    /// Fails the running tries whose heartbeat is older than `heartbeatTimeout` (their worker died) and retries them
    /// per policy. Tries another transaction holds are left for the next call. Returns the tries failed.
    public func failStaleTries(heartbeatTimeout: Duration, now: Date) async throws -> [TryRef] {
        let cutoff = now.addingTimeInterval(-seconds(heartbeatTimeout))
        return try await pool.withTransaction { connection in
            let stale = try await openTries(
                "ti.state = 'running' AND y.state = 'running' AND y.heartbeat_at < \(cutoff)", tryNumber: nil,
                skipLocked: true, connection)
            var failed: [TryRef] = []
            for open in stale where open.isCurrent {
                let error =
                    "worker stopped heartbeating: no heartbeat since \(Timestamp.format(cutoff)) "
                    + "(heartbeat timeout \(Int(seconds(heartbeatTimeout))) s)"
                let end = End(event: .heartbeatLost, exitCode: nil, error: error)
                try await record(end, of: open, log: nil, now: now, connection)
                failed.append(open.ref)
            }
            return failed
        }
    }

    // Locks the matching task instances (and their tries); `tryNumber` nil means each instance's current try.
    private func openTries(_ condition: SQL, tryNumber: Int?, skipLocked: Bool, _ connection: PostgresConnection)
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
    private func record(_ end: End, of open: OpenTry, log: LogChunk?, now: Date, _ connection: PostgresConnection)
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

/// How a try ends: the instance's transition and what the try row records.
struct End {
    var event: TaskInstanceTransition
    var exitCode: Int32?
    var error: String? = nil
    var branch: [TaskID]? = nil
    /// A success's XComs (replacing the task's earlier ones); nil for other ends.
    var xcoms: [String: JSONValue]? = nil
    /// The upstream XComs the try read, whatever its end.
    var pulls: [XComPull] = []

    /// The state the running try ends in: the try event `event` carries, from `TaskTryState`'s table.
    var tryState: TaskTryState {
        guard let tryEvent = TaskTryTransition(event), case .success(let state) = TaskTryState.running.apply(tryEvent)
        else { preconditionFailure("a try's end '\(event.name)' must end a running try") }
        return state
    }
}

extension End {
    /// The end a worker reported.
    init(_ outcome: TryOutcome) {
        switch outcome {
        case .success(let xcoms, let branch, let exitCode):
            self.init(event: .succeeded, exitCode: exitCode, branch: branch, xcoms: xcoms)
        case .skipped(let exitCode):
            self.init(event: .skipped, exitCode: exitCode)
        case .failed(let reason, let exitCode):
            self.init(event: .failed(retryable: true), exitCode: exitCode, error: reason)
        }
    }
}

extension RunStore {
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
