import Foundation
import MLoopCore
import MLoopPostgres

/// One finished try, for the duration and scheduling-delay histograms of `/metrics`.
public struct FinishedTrySample: Sendable, Hashable {
    public var ref: TryRef
    public var workflowID: WorkflowID
    /// How the try ended (a finished `TaskTryState`).
    public var state: TaskTryState
    public var endedAt: Date
    /// Start to end; nil when the try never started (failed while queued).
    public var duration: Double?
    /// The newest end among the task's direct upstream instances to this try's start, in seconds; nil for a task
    /// without upstream tasks and for retries (whose delay is the retry policy's, not the scheduler's).
    public var schedulingDelay: Double?
}

/// Gauges read at each scrape.
public struct EngineGauges: Sendable, Hashable {
    public var stats: MonitoringStats
    /// Tries running now (worker slots busy).
    public var runningTries: Int
    /// The slots of workers that heartbeat within `liveWithin` and have not stopped.
    public var workerSlots: Int
}

extension ProcessRegistry {
    /// Stats plus running tries and the slots of live workers (heartbeat newer than `liveWithin` before `now`).
    public func engineGauges(now: Date, liveWithin: TimeInterval = 60) async throws -> EngineGauges {
        let stats = try await stats()
        let rows = try await pool.query(
            """
            SELECT (SELECT count(*)::int FROM task_try WHERE state = \(TaskTryState.running.rawValue)) AS running,
                   (SELECT coalesce(sum(slots), 0)::int FROM process_heartbeat
                    WHERE role = 'worker' AND stopped_at IS NULL
                      AND heartbeat_at > \(now.addingTimeInterval(-liveWithin))) AS slots
            """)
        return EngineGauges(
            stats: stats, runningTries: try rows.first?.decode("running", as: Int.self) ?? 0,
            workerSlots: try rows.first?.decode("slots", as: Int.self) ?? 0)
    }

    /// Tries that ended in `(after, upTo]`, oldest end first, with their duration and scheduling delay.
    public func triesFinished(after: Date, upTo: Date, limit: Int = 100_000) async throws -> [FinishedTrySample] {
        try await pool.withConnection { connection in
            let rows = try await connection.query(
                """
                SELECT y.run_id, y.task_id, y.try_number, y.state, y.started_at, y.ended_at, r.workflow_id,
                       r.version_id
                FROM task_try y JOIN workflow_run r ON r.run_id = y.run_id
                WHERE y.ended_at > \(after) AND y.ended_at <= \(upTo) AND y.state = ANY(\(TaskTryState.allCases.filter(\.isFinished).map(\.rawValue))::text[])
                ORDER BY y.ended_at LIMIT \(limit)
                """)
            let runIDs = Array(Set(try rows.map { try $0.decode("run_id", as: Int64.self) }))
            let ends = try await connection.query(
                """
                SELECT run_id, task_id, ended_at FROM task_instance
                WHERE run_id = ANY(\(runIDs)::bigint[]) AND ended_at IS NOT NULL
                """)
            var ended: [TryRefKey: Date] = [:]
            for row in ends {
                ended[
                    TryRefKey(
                        run: try row.decode("run_id", as: Int64.self), task: try row.decode("task_id", as: String.self))
                ] =
                    try row.decode("ended_at", as: Date.self)
            }
            var samples: [FinishedTrySample] = []
            for row in rows {
                let graph = try await definitions.entry(
                    version: try row.decode("version_id", as: Int64.self), connection
                )
                .graph
                samples.append(try sample(row, graph: graph, ended: ended))
            }
            return samples
        }
    }

    private func sample(_ row: PostgresRow, graph: WorkflowGraph, ended: [TryRefKey: Date]) throws
        -> FinishedTrySample
    {
        let ref = TryRef(
            runID: try row.decodeRunID(), taskID: try row.decodeTaskID(),
            tryNumber: try row.decode("try_number", as: Int.self))
        let started = try row.decode("started_at", as: Date?.self)
        let end = try row.decode("ended_at", as: Date.self)
        var delay: Double?
        if let started, ref.tryNumber == 1 {
            let upstreamEnds = (graph.upstream[ref.taskID] ?? []).compactMap {
                ended[TryRefKey(run: ref.runID.rawValue, task: $0.rawValue)]
            }
            if let last = upstreamEnds.max() { delay = max(0, started.timeIntervalSince(last)) }
        }
        return FinishedTrySample(
            ref: ref, workflowID: WorkflowID(try row.decode("workflow_id", as: String.self)),
            state: try row.decodeState("state", as: TaskTryState.self), endedAt: end,
            duration: started.map { max(0, end.timeIntervalSince($0)) }, schedulingDelay: delay)
    }
}

private struct TryRefKey: Hashable {
    var run: Int64
    var task: String
}
