import Foundation
import MLoopCore
import MLoopPostgres

extension WorkerQueue {
    /// Claims up to `limit` queued tries, oldest first, in one statement (`FOR UPDATE SKIP LOCKED`, so concurrent
    /// workers never claim one try twice): the instance becomes running, its try row running with this worker, host,
    /// start and heartbeat. Returns what the worker needs to launch each try. The claim commits on its own (one round
    /// trip); the runs' XComs are read after it only for runs that have any.
    public func claimQueuedTries(limit: Int, workerID: String, hostname: String, now: Date) async throws -> [ClaimedTry]
    {
        guard limit > 0 else { return [] }
        return try await pool.withConnection { connection in
            let rows = try await connection.query(
                "WITH " + (try Self.claimCTEs(limit: limit, workerID: workerID, hostname: hostname, now: now))
                    + " SELECT " + ClaimedColumns.select + " ORDER BY s.queued_at, s.run_id, s.task_id")
            return try await claims(from: Array(rows), connection)
        }
    }

    /// The claim as CTEs (`claimed`, `started`, `tries`), for a statement that may do more in the same round trip.
    /// A try never starts before it was queued: `now` is taken before the statement waits for a connection, and a
    /// try queued meanwhile (say, the retry of a dead worker's try) would otherwise seem to start before its queue,
    /// and before the try it retries ended.
    static func claimCTEs(limit: Int, workerID: String, hostname: String, now: Date) throws -> SQL {
        let event = TaskInstanceTransition.started(worker: workerID)
        let running = try TaskInstanceState.queued.apply(event, triesSoFar: 0, maxTries: 1).get()
        let tryRunning = try TaskTryState.initial.apply(TaskTryTransition(event)!).get()
        return """
            claimed AS (
                SELECT run_id, task_id FROM task_instance WHERE state = 'queued'
                ORDER BY queued_at, run_id, task_id LIMIT \(limit) FOR UPDATE SKIP LOCKED
            ), started AS (
                UPDATE task_instance t SET state = \(running.rawValue), started_at = greatest(\(now), t.queued_at),
                    updated_at = now()
                FROM claimed c WHERE t.run_id = c.run_id AND t.task_id = c.task_id
                RETURNING t.run_id, t.task_id, t.try_number, t.max_tries, t.queued_at, t.started_at
            ), tries AS (
                UPDATE task_try y SET state = \(tryRunning.rawValue), worker_id = \(workerID), hostname = \(hostname),
                    started_at = s.started_at, heartbeat_at = s.started_at
                FROM started s WHERE y.run_id = s.run_id AND y.task_id = s.task_id AND y.try_number = s.try_number
                  AND y.state = \(TaskTryState.initial.rawValue)
            )
            """
    }

    /// The claimed tries of `ClaimedColumns` rows, with their definitions and their runs' XComs.
    func claims(from rows: [PostgresRow], _ connection: PostgresConnection) async throws -> [ClaimedTry] {
        guard !rows.isEmpty else { return [] }
        let runIDs = Set(
            try rows.filter { try $0.decode("has_xcoms", as: Bool.self) }.map {
                try $0.decode("run_id", as: Int64.self)
            })
        var xcomsByRun: [RunID: [XComRecord]] = [:]
        if !runIDs.isEmpty {
            let xcoms = try await connection.query(
                """
                SELECT run_id, task_id, key, try_number, value, created_at FROM xcom
                WHERE run_id = ANY(\(Array(runIDs))::bigint[]) ORDER BY run_id, task_id, key
                """)
            xcomsByRun = Dictionary(grouping: try xcoms.map { try XComRecord(row: $0) }, by: \.runID)
        }
        var claims: [ClaimedTry] = []
        var graphs: [Int64: (WorkflowDefinition, WorkflowGraph)] = [:]
        for row in rows {
            let version = try row.decode("version_id", as: Int64.self)
            if graphs[version] == nil {
                graphs[version] = try await definitions.entry(version: version, connection)
            }
            let (definition, graph) = graphs[version]!
            claims.append(try claim(row, definition, graph, xcoms: xcomsByRun))
        }
        return claims
    }

    private func claim(
        _ row: PostgresRow, _ definition: WorkflowDefinition, _ graph: WorkflowGraph, xcoms: [RunID: [XComRecord]]
    ) throws
        -> ClaimedTry
    {
        let ref = TryRef(
            runID: try row.decodeRunID(), taskID: try row.decodeTaskID(),
            tryNumber: try row.decode("try_number", as: Int.self))
        guard let task = definition.task(ref.taskID) else {
            throw StoreError.notFound("workflow '\(definition.id)' has no task '\(ref.taskID)' (claimed \(ref))")
        }
        let conf = try row.decodeJSON("conf", as: [String: JSONValue].self)
        let params = definition.params(for: task, conf: conf)
        return ClaimedTry(
            ref: ref, workflowID: definition.id, task: task, downstream: graph.downstream[task.id] ?? [],
            maxTries: try row.decode("max_tries", as: Int.self),
            runType: try row.decodeState("run_type", as: RunType.self),
            logicalDate: try row.decode("logical_date", as: Date.self),
            dataInterval: try row.decodeInterval(start: "data_interval_start", end: "data_interval_end"), conf: conf,
            params: params, xcoms: xcoms[ref.runID] ?? [])
    }

    /// Refreshes the heartbeat of this worker's running tries. Returns the given tries that are no longer this
    /// worker's running try (failed by dead-worker detection, marked, or timed out with their run): stop them.
    @discardableResult
    public func refreshTryHeartbeats(workerID: String, tries: [TryRef], now: Date) async throws -> [TryRef] {
        guard !tries.isEmpty else { return [] }
        let rows = try await pool.query(
            """
            UPDATE task_try y SET heartbeat_at = \(now)
            FROM unnest(\(tries.map(\.runID.rawValue))::bigint[], \(tries.map(\.taskID.rawValue))::text[],
                        \(tries.map(\.tryNumber))::int[]) AS g(run_id, task_id, try_number)
            WHERE y.run_id = g.run_id AND y.task_id = g.task_id AND y.try_number = g.try_number
              AND y.state = 'running' AND y.worker_id = \(workerID)
            RETURNING y.run_id, y.task_id, y.try_number
            """)
        let alive = Set(
            try rows.map {
                TryRef(
                    runID: try $0.decodeRunID(), taskID: try $0.decodeTaskID(),
                    tryNumber: try $0.decode("try_number", as: Int.self))
            })
        return tries.filter { !alive.contains($0) }
    }

    /// Stores the latest progress and/or metadata a running try reported (nil leaves a value as it is).
    public func recordProgress(_ ref: TryRef, progress: JSONValue?, metadata: JSONValue?) async throws {
        let progressJSON = try progress.map { try PostgresJSON(encoding: $0) }
        let metadataJSON = try metadata.map { try PostgresJSON(encoding: $0) }
        try await pool.query(
            """
            UPDATE task_instance SET progress = coalesce(\(progressJSON), progress),
                metadata = coalesce(\(metadataJSON), metadata), updated_at = now()
            WHERE run_id = \(ref.runID.rawValue) AND task_id = \(ref.taskID.rawValue)
              AND try_number = \(ref.tryNumber) AND state = 'running'
            """)
    }

    /// Appends a log chunk at `byteOffset` of the try's log; a chunk number already stored is ignored (idempotent).
    /// NUL characters, which PostgreSQL text cannot hold, are stored as `?` (same byte count).
    public func appendLog(_ ref: TryRef, chunkNumber: Int, byteOffset: Int64, content: String) async throws {
        try await pool.query(
            appendLogSQL(LogChunk(chunkNumber: chunkNumber, byteOffset: byteOffset, content: content), of: ref))
    }

}
