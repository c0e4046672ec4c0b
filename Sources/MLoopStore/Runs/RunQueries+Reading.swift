import Foundation
import MLoopCore
import MLoopPostgres

extension RunQueries {
    /// The newest runs of a workflow, by logical date then id, newest first.
    public func runs(of workflow: WorkflowID, limit: Int) async throws -> [RunRecord] {
        let rows = try await pool.query(
            """
            SELECT \(RunRecord.columns) FROM workflow_run r JOIN workflow_version v ON v.version_id = r.version_id
            WHERE r.workflow_id = \(workflow.rawValue)
            ORDER BY r.logical_date DESC, r.run_id DESC LIMIT \(limit)
            """)
        return try rows.map(RunRecord.init(row:))
    }

    /// A run with its task instances, in the workflow's topological order, and every try; nil for an unknown run.
    public func run(_ id: RunID) async throws -> RunDetail? {
        try await pool.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT \(RunRecord.columns), r.version_id FROM workflow_run r
                JOIN workflow_version v ON v.version_id = r.version_id WHERE r.run_id = \(id.rawValue)
                """)
            guard let row = rows.first else { return nil }
            let run = try RunRecord(row: row)
            let definition = try await definitions.definition(
                version: try row.decode("version_id", as: Int64.self), connection)
            let instances = try await connection.query(
                """
                SELECT task_id, state, try_number, max_tries, next_try_at, queued_at, started_at, ended_at, progress,
                       metadata, branch_choice
                FROM task_instance WHERE run_id = \(id.rawValue)
                """)
            let position = Dictionary(
                uniqueKeysWithValues: WorkflowGraph(definition).order.enumerated().map { ($1, $0) })
            let records = try instances.map(TaskInstanceRecord.init(row:)).sorted { lhs, rhs in
                (position[lhs.taskID] ?? Int.max, lhs.taskID) < (position[rhs.taskID] ?? Int.max, rhs.taskID)
            }
            let tries = try await connection.query(
                """
                SELECT task_id, try_number, state, worker_id, hostname, queued_at, started_at, ended_at, heartbeat_at,
                       exit_code, error, log_bytes
                FROM task_try WHERE run_id = \(id.rawValue) ORDER BY task_id, try_number
                """)
            return RunDetail(run: run, taskInstances: records, tries: try tries.map(TaskTryRecord.init(row:)))
        }
    }

    /// The try's log from byte `fromOffset`, whole chunks up to about `maxBytes`, and the offset to continue from
    /// (`fromOffset` itself when nothing new was written).
    public func log(_ ref: TryRef, fromOffset: Int64, maxBytes: Int = 1 << 20) async throws
        -> (content: String, nextOffset: Int64)
    {
        let rows = try await pool.query(
            """
            SELECT byte_offset, content FROM task_log_chunk
            WHERE run_id = \(ref.runID.rawValue) AND task_id = \(ref.taskID.rawValue) AND try_number = \(ref.tryNumber)
              AND byte_offset + octet_length(content) > \(fromOffset)
            ORDER BY chunk_number LIMIT 10000
            """)
        var bytes: [UInt8] = []
        var next = fromOffset
        for row in rows {
            let offset = try row.decode("byte_offset", as: Int64.self)
            let chunk = Array(try row.decode("content", as: String.self).utf8)
            // Chunks must follow one another; a gap means a chunk is still on its way.
            guard offset <= next else { break }
            bytes.append(contentsOf: chunk.dropFirst(Int(next - offset)))
            next = offset + Int64(chunk.count)
            if bytes.count >= maxBytes { break }
        }
        return (String(decoding: bytes, as: UTF8.self), next)
    }

    /// At most `limit` of the try's log chunks after chunk number `afterChunk` (nil: from the first), in chunk order:
    /// a keyset page over the primary key, so a whole log can be read batch by batch without holding it.
    public func logChunks(_ ref: TryRef, after afterChunk: Int?, limit: Int) async throws -> [LogChunk] {
        let rows = try await pool.query(
            """
            SELECT chunk_number, byte_offset, content FROM task_log_chunk
            WHERE run_id = \(ref.runID.rawValue) AND task_id = \(ref.taskID.rawValue) AND try_number = \(ref.tryNumber)
              AND chunk_number > \(afterChunk ?? -1)
            ORDER BY chunk_number LIMIT \(limit)
            """)
        return try rows.map { row in
            LogChunk(
                chunkNumber: try row.decode("chunk_number", as: Int.self),
                byteOffset: try row.decode("byte_offset", as: Int64.self),
                content: try row.decode("content", as: String.self))
        }
    }

    /// The XComs of a run, or of one of its tasks, by task then key.
    public func xcoms(of run: RunID, task: TaskID?) async throws -> [XComRecord] {
        let rows = try await pool.query(
            """
            SELECT run_id, task_id, key, try_number, value, created_at FROM xcom
            WHERE run_id = \(run.rawValue) AND (\(task?.rawValue)::text IS NULL OR task_id = \(task?.rawValue))
            ORDER BY task_id, key
            """)
        return try rows.map(XComRecord.init(row:))
    }

    /// The upstream XComs one try read, by task then key, each with the value its key holds now.
    public func xcomPulls(of run: RunID, task: TaskID, tryNumber: Int) async throws -> [XComPullRecord] {
        let rows = try await pool.query(
            """
            SELECT p.from_task_id, p.key, x.value FROM xcom_pull p
            LEFT JOIN xcom x ON x.run_id = p.run_id AND x.task_id = p.from_task_id AND x.key = p.key
            WHERE p.run_id = \(run.rawValue) AND p.task_id = \(task.rawValue) AND p.try_number = \(tryNumber)
            ORDER BY p.from_task_id, p.key
            """)
        return try rows.map { row in
            XComPullRecord(
                fromTaskID: TaskID(try row.decode("from_task_id", as: String.self)),
                key: try row.decode("key", as: String.self),
                value: try row.decodeJSONIfPresent("value", as: JSONValue.self))
        }
    }

    /// Only the run's state, for callers that wait for it to finish: one index lookup, where `run(_:)` reads every
    /// task instance and try.
    public func runState(_ id: RunID) async throws -> RunState? {
        let rows = try await pool.query("SELECT state FROM workflow_run WHERE run_id = \(id.rawValue)")
        return try rows.first?.decodeState("state", as: RunState.self)
    }

    /// The state and stored log size of one try; nil when the try does not exist (yet).
    public func tryStatus(_ ref: TryRef) async throws -> TryStatus? {
        let rows = try await pool.query(
            """
            SELECT state, log_bytes FROM task_try
            WHERE run_id = \(ref.runID.rawValue) AND task_id = \(ref.taskID.rawValue) AND try_number = \(ref.tryNumber)
            """)
        guard let row = rows.first else { return nil }
        return TryStatus(
            state: try row.decodeState("state", as: TaskTryState.self),
            logBytes: try row.decode("log_bytes", as: Int64.self))
    }
}
