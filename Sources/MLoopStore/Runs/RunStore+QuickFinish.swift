import Foundation
import MLoopCore
import MLoopPostgres

extension RunStore {
    /// `finishTry` for the most common ends — a success that pushed no XComs, or a skip — in one statement and one
    /// round trip, without a transaction around a locking read: the instance's UPDATE is guarded by the state the
    /// worker knows it in (running, this try, its try row running), so a try marked, timed out or failed as stale
    /// meanwhile matches nothing and is not recorded, exactly as the locked path decides. (A concurrent change waits
    /// on the row lock; the guard is then re-checked against the committed row.) The closing log chunk is stored
    /// either way. Returns nil for ends this path does not take (failures need the retry policy; XComs a second
    /// statement), else whether the end was recorded. The try's pulls, if any, are one more CTE of the same statement.
    func finishTryInOneStatement(
        _ ref: TryRef, _ outcome: TryOutcome, pulls: [XComPull], finalLog: LogChunk?, now: Date
    ) async throws -> Bool? {
        let end = End(outcome)
        guard end.event == .succeeded || end.event == .skipped, end.xcoms?.isEmpty ?? true else { return nil }
        // Success and skip do not depend on the tries so far (only failures do).
        let state = try TaskInstanceState.running.apply(end.event, triesSoFar: ref.tryNumber, maxTries: ref.tryNumber)
            .get()
        let key: SQL = "run_id = \(ref.runID.rawValue) AND task_id = \(ref.taskID.rawValue)"
        var with: [SQL] = []
        var logBytes: SQL = "log_bytes"
        if let finalLog {
            with.append(insertChunk(finalLog, of: ref))
            logBytes = "greatest(log_bytes, coalesce((SELECT max(end_offset) FROM inserted_chunk), 0))"
        }
        with.append(
            """
            ended_instance AS (
                UPDATE task_instance SET state = \(state.rawValue), ended_at = \(now), next_try_at = NULL,
                    branch_choice = \(end.branch.map { $0.map(\.rawValue) }), updated_at = now()
                WHERE \(key) AND state = 'running' AND try_number = \(ref.tryNumber)
                  AND EXISTS (SELECT 1 FROM task_try y
                              WHERE y.run_id = \(ref.runID.rawValue) AND y.task_id = \(ref.taskID.rawValue)
                                AND y.try_number = \(ref.tryNumber) AND y.state = 'running')
                RETURNING run_id
            )
            """)
        let ended: SQL = "EXISTS (SELECT 1 FROM ended_instance)"
        with.append(
            """
            ended_try AS (
                UPDATE task_try SET state = CASE WHEN \(ended) THEN \(end.tryState) ELSE state END,
                    ended_at = CASE WHEN \(ended) THEN \(now) ELSE ended_at END,
                    exit_code = CASE WHEN \(ended) THEN \(end.exitCode) ELSE exit_code END,
                    error = CASE WHEN \(ended) THEN NULL ELSE error END,
                    log_bytes = \(logBytes)
                WHERE \(key) AND try_number = \(ref.tryNumber)
            )
            """)
        // A success's (empty) XComs replace the task's earlier ones, as on the locked path.
        if end.event == .succeeded { with.append("cleared_xcom AS (DELETE FROM xcom WHERE \(key) AND \(ended))") }
        if !pulls.isEmpty { with.append(try insertPulls(pulls, of: ref, when: ended)) }
        let rows = try await pool.query(
            "WITH " + SQL.join(with, separator: ", ")
                + " SELECT pg_notify(\(StoreChannel.scheduler), \(ref.runID.description)) FROM ended_instance")
        return !rows.isEmpty
    }
}
