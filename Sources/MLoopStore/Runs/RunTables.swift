import Foundation
import MLoopCore
import MLoopPostgres

/// What every run-table role (`SchedulingStore`, `WorkerQueue`, `RunOperations`, `RunQueries`, `ProcessRegistry`)
/// shares: the pool, a cache of decoded workflow versions, and the row helpers the roles' statements are built from.
/// Schedulers and workers on any number of machines share one database and coordinate only through it: claims use
/// `FOR UPDATE SKIP LOCKED`, limits are enforced under a per-workflow lock in the transaction that queues, and NOTIFY
/// (see `StoreChannel`) only wakes.
///
/// Lock order, to stay free of deadlocks: a run row, then the workflow's slot lock, then task instance rows, then
/// their try rows.
protocol RunTables: Sendable {
    var pool: PostgresPool { get }
    var definitions: DefinitionCache { get }
}

extension RunTables {
    /// `createRun` inside the caller's transaction.
    func createRun(_ request: NewRun, _ connection: PostgresConnection) async throws
        -> (run: RunRecord, created: Bool)
    {
        let id = request.workflowID.rawValue
        let rows = try await connection.query(
            """
            SELECT is_active, current_version_id FROM workflow WHERE workflow_id = \(id) FOR KEY SHARE
            """)
        guard let row = rows.first else { throw StoreError.notFound("no workflow with id '\(id)'") }
        guard try row.decode("is_active", as: Bool.self) else {
            throw StoreError.conflict(
                "workflow '\(id)' is inactive: its file was removed or no longer declares it")
        }
        guard let versionID = try row.decode("current_version_id", as: Int64?.self) else {
            throw StoreError.conflict("workflow '\(id)' has no stored version yet")
        }
        let definition = try await definitions.definition(version: versionID, connection)
        let interval = request.dataInterval
        let inserted = try await connection.query(
            """
            INSERT INTO workflow_run (workflow_id, version_id, run_type, state, logical_date, data_interval_start,
                                      data_interval_end, conf, note)
            VALUES (\(id), \(versionID), \(request.runType.rawValue), \(RunState.queued.rawValue),
                    \(request.logicalDate), \(interval?.start), \(interval?.end), \(try PostgresJSON(encoding: request.conf)),
                    \(request.note))
            ON CONFLICT (workflow_id, logical_date) WHERE run_type IN ('scheduled', 'backfill') DO NOTHING
            RETURNING run_id
            """)
        guard let runRow = inserted.first else {
            let existing = try await connection.query(
                """
                SELECT \(RunRecord.columns) FROM workflow_run r JOIN workflow_version v ON v.version_id = r.version_id
                WHERE r.workflow_id = \(id) AND r.logical_date = \(request.logicalDate)
                  AND r.run_type IN ('scheduled', 'backfill')
                """)
            return (try RunRecord(row: existing[0]), false)
        }
        let runID = try runRow.decodeRunID()
        let tasks = definition.tasks
        try await connection.query(
            """
            INSERT INTO task_instance (run_id, task_id, state, max_tries, workflow_id)
            SELECT \(runID.rawValue), t.task_id, \(TaskInstanceState.pending.rawValue), t.max_tries, \(id)
            FROM unnest(\(tasks.map(\.id.rawValue))::text[], \(tasks.map { RetryPolicy($0).maxTries })::int[])
                 AS t(task_id, max_tries)
            """)
        try await notify(StoreChannel.scheduler, runID, connection)
        return (try await record(runID, connection), true)
    }

    func record(_ id: RunID, _ connection: PostgresConnection) async throws -> RunRecord {
        let rows = try await connection.query(
            """
            SELECT \(RunRecord.columns) FROM workflow_run r JOIN workflow_version v ON v.version_id = r.version_id
            WHERE r.run_id = \(id.rawValue)
            """)
        guard let row = rows.first else { throw StoreError.notFound("no run with id \(id)") }
        return try RunRecord(row: row)
    }

    // Delivered when the transaction commits; identical messages of one transaction are folded into one.
    func notify(_ channel: String, _ run: RunID, _ connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_notify(\(channel), \(run.description))")
    }

}
