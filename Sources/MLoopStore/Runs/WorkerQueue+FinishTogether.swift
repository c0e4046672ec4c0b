import Foundation
import MLoopCore
import MLoopPostgres

extension WorkerQueue {
    /// Records the ends of several tries that are all `isRecordableTogether`, in one statement and one round trip,
    /// without a transaction around a locking read: each instance's UPDATE is guarded by the state the worker knows
    /// it in (running, this try, its try row running), so a try marked, timed out or failed as stale meanwhile
    /// matches nothing and is not recorded, exactly as the locked path decides. (A concurrent change waits on the
    /// row lock; the guard is then re-checked against the committed row.) Closing log chunks are stored either way.
    /// A worker whose slots finish close together records them as one commit and one wake-up per run. Returns,
    /// in order, whether each end was recorded.
    public func finishTriesTogether(_ ends: [TryEnd], now: Date) async throws -> [Bool] {
        try await finishTriesTogether(ends, claimingFor: nil, now: now).recorded
    }

    /// `finishTriesTogether`, and in the same statement claims up to as many queued tries for `claimant` as ends it
    /// records — each ended try's slot handed to a new one in one commit, so the database never counts more of a
    /// worker's tries running than it has slots, and the next try starts without another round trip.
    public func finishTriesTogether(_ ends: [TryEnd], claimingFor claimant: Claimant?, now: Date) async throws
        -> (recorded: [Bool], claimed: [ClaimedTry])
    {
        var recorded: Set<TryRef> = []
        var claimed: [ClaimedTry] = []
        // Fixed-size statements, each prepared once per connection (one per batch size up to this).
        for start in stride(from: 0, to: ends.count, by: Self.endsPerStatement) {
            let batch = Array(ends[start..<min(start + Self.endsPerStatement, ends.count)])
            var statement = try Self.finishTogetherSQL(batch, now: now)
            if let claimant {
                statement =
                    "WITH "
                    + (try Self.claimCTEs(
                        limit: batch.count, workerID: claimant.workerID, hostname: claimant.hostname, now: now))
                    + ", " + statement + " UNION ALL SELECT 'claimed' AS kind, " + ClaimedColumns.select
            } else {
                statement = "WITH " + statement
            }
            let next = try await pool.withConnection { connection in
                let rows = try await connection.query(statement)
                var claimedRows: [PostgresRow] = []
                for row in rows {
                    if try row.decode("kind", as: String.self) == "claimed" {
                        claimedRows.append(row)
                    } else {
                        recorded.insert(
                            TryRef(
                                runID: try row.decodeRunID(), taskID: try row.decodeTaskID(),
                                tryNumber: try row.decode("try_number", as: Int.self)))
                    }
                }
                return try await claims(from: claimedRows, connection)
            }
            claimed += next
        }
        return (ends.map { recorded.contains($0.ref) }, claimed)
    }

    static let endsPerStatement = 16

    // The ends are a VALUES list rather than unnested arrays: the planner then knows how many rows it joins (an
    // unnested parameter counts as 10 rows in a prepared statement's generic plan, which made it hash-join a scan of
    // every try). The try row's state is checked with a correlated subquery for the same reason: a lookup by
    // primary key, never a scan of the partial "running" index, which holds dead entries between vacuums.
    // The CTEs and the final SELECT of the ends (rows of kind 'ended'), without the leading WITH. Its always-true
    // `(SELECT count(*) FROM woken) >= 0` makes PostgreSQL run `woken`: a CTE that modifies nothing runs only when
    // something reads it. The instance's guard is the state the worker knows it in (running, this try, its try row
    // running): a try cleared, marked or failed as stale meanwhile matches nothing and is not recorded.
    private static func finishTogetherSQL(_ ends: [TryEnd], now: Date) throws -> SQL {
        precondition(ends.allSatisfy(\.isRecordableTogether), "finishTriesTogether takes successes and skips only")
        var rows: [SQL] = []
        for item in ends {
            let end = TryEndRecord(item.outcome)
            // Success and skip do not depend on the tries so far (only failures do).
            let state = try TaskInstanceState.running.apply(end.event, triesSoFar: 1, maxTries: 1).get()
            let ref = item.ref
            let log = item.finalLog
            rows.append(
                """
                (\(ref.runID.rawValue)::bigint, \(ref.taskID.rawValue)::text, \(ref.tryNumber)::int, \(state.rawValue)::text,
                 \(end.tryState.rawValue)::text, \(end.exitCode.map(Int.init))::int, \(end.branch?.map(\.rawValue))::text[],
                 \(log?.chunkNumber)::int, \(log?.byteOffset)::bigint, \(log?.storable)::text)
                """)
        }
        return """
            ended (run_id, task_id, try_number, state, try_state, exit_code, branch, chunk_number, byte_offset,
                        content) AS (
                VALUES \(SQL.join(rows, separator: ", "))
            ), inserted_chunk AS (
                INSERT INTO task_log_chunk (run_id, task_id, try_number, chunk_number, byte_offset, content)
                SELECT run_id, task_id, try_number, chunk_number, byte_offset, content FROM ended
                WHERE content IS NOT NULL
                ON CONFLICT DO NOTHING
                RETURNING run_id, task_id, try_number, byte_offset + octet_length(content) AS end_offset
            ), ended_instance AS (
                UPDATE task_instance t SET state = e.state, ended_at = \(now), next_try_at = NULL,
                    branch_choice = e.branch, updated_at = now()
                FROM ended e
                WHERE t.run_id = e.run_id AND t.task_id = e.task_id AND t.state = \(TaskInstanceState.running.rawValue)
                  AND t.try_number = e.try_number
                  AND (SELECT y.state FROM task_try y
                       WHERE y.run_id = e.run_id AND y.task_id = e.task_id AND y.try_number = e.try_number)
                      = \(TaskTryState.running.rawValue)
                RETURNING t.run_id, t.task_id, t.try_number, t.state
            ), ended_try AS (
                UPDATE task_try y SET
                    state = CASE WHEN i.run_id IS NOT NULL THEN e.try_state ELSE y.state END,
                    ended_at = CASE WHEN i.run_id IS NOT NULL THEN \(now) ELSE y.ended_at END,
                    exit_code = CASE WHEN i.run_id IS NOT NULL THEN e.exit_code ELSE y.exit_code END,
                    error = CASE WHEN i.run_id IS NOT NULL THEN NULL ELSE y.error END,
                    log_bytes = greatest(y.log_bytes, coalesce(c.end_offset, 0))
                FROM ended e
                LEFT JOIN ended_instance i
                       ON i.run_id = e.run_id AND i.task_id = e.task_id AND i.try_number = e.try_number
                LEFT JOIN inserted_chunk c
                       ON c.run_id = e.run_id AND c.task_id = e.task_id AND c.try_number = e.try_number
                WHERE y.run_id = e.run_id AND y.task_id = e.task_id AND y.try_number = e.try_number
            ), cleared_xcom AS (
                -- A success's (empty) XComs replace the task's earlier ones, as on the locked path.
                DELETE FROM xcom x USING ended_instance i
                WHERE x.run_id = i.run_id AND x.task_id = i.task_id AND i.state = \(TaskInstanceState.success.rawValue)
            ), woken AS (
                -- One wake-up per run, with how many of its tries ended (`SchedulerWakeUp.ended`).
                SELECT pg_notify(\(StoreChannel.scheduler), run_id::text || ':' || count(*)) FROM ended_instance
                GROUP BY run_id
            )
            SELECT 'ended' AS kind, \(ClaimedColumns.placeholders(keeping: ["run_id", "task_id", "try_number"]))
            FROM ended_instance WHERE (SELECT count(*) FROM woken) >= 0
            """
    }
}
