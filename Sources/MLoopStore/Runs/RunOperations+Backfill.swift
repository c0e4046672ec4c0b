import Foundation
import MLoopCore
import MLoopPostgres

extension RunOperations {
    /// Backfills a workflow (`BackfillPlan`): a backfill run per interval that has none yet and, with
    /// `reprocessFailed`, its failed runs' failed tasks cleared (with their downstream), all in one transaction.
    /// A dry run reads what exists and writes nothing. Throws `.notFound`, `.conflict` for a workflow without a
    /// version and `BackfillError` when the range cannot be planned.
    public func backfill(_ request: BackfillRequest, now: Date) async throws -> [BackfillOutcome] {
        try await pool.withTransaction { connection in
            let id = request.workflowID
            let rows = try await connection.query(
                "SELECT current_version_id FROM workflow WHERE workflow_id = \(id.rawValue) AND is_active")
            guard let row = rows.first else { throw StoreError.notFound("no workflow with id '\(id)'") }
            guard let version = try row.decode("current_version_id", as: Int64?.self) else {
                throw StoreError.conflict("workflow '\(id)' has no stored version yet")
            }
            let definition = try await definitions.definition(version: version, connection)
            let plan = try BackfillPlan(definition, start: request.start, end: request.end)
            let existing = try await datedRuns(id, plan.intervals.map(\.start), connection)
            var outcomes: [BackfillOutcome] = []
            for interval in plan.intervals {
                if let run = existing[interval.start] {
                    outcomes.append(try await reprocess(run, request, now: now, connection))
                } else if request.dryRun {
                    outcomes.append(BackfillOutcome(interval: interval, action: .created, run: nil, clearedTasks: []))
                } else {
                    let new = NewRun(
                        workflowID: id, runType: .backfill, logicalDate: interval.start, dataInterval: interval,
                        conf: request.conf)
                    let created = try await createRun(new, connection)
                    outcomes.append(
                        BackfillOutcome(
                            interval: interval, action: created.created ? .created : .existing, run: created.run,
                            clearedTasks: []))
                }
            }
            return outcomes
        }
    }

    private func reprocess(_ run: RunRecord, _ request: BackfillRequest, now: Date, _ connection: PostgresConnection)
        async throws -> BackfillOutcome
    {
        let interval = run.dataInterval ?? DataInterval(start: run.logicalDate, end: run.logicalDate)
        guard request.reprocessFailed, run.state == .failed else {
            return BackfillOutcome(interval: interval, action: .existing, run: run, clearedTasks: [])
        }
        let failed = try await connection.query(
            """
            SELECT task_id FROM task_instance WHERE run_id = \(run.runID.rawValue) AND state = 'failed'
            ORDER BY task_id
            """
        ).map { try $0.decodeTaskID() }
        var cleared: [TaskID] = []
        if request.dryRun {
            cleared = failed
        } else {
            // Clearing a failed task with its downstream also resets the upstream_failed ones after it.
            for task in failed where !cleared.contains(task) {
                cleared += try await clearTask(run.runID, task, downstream: true, now: now, connection)
            }
        }
        let current = request.dryRun ? run : try await record(run.runID, connection)
        return BackfillOutcome(interval: interval, action: .reprocessed, run: current, clearedTasks: cleared)
    }

    // Scheduled and backfill runs at the given logical dates: the ones a backfill must not create again.
    private func datedRuns(_ workflow: WorkflowID, _ dates: [Date], _ connection: PostgresConnection) async throws
        -> [Date: RunRecord]
    {
        guard let first = dates.min(), let last = dates.max() else { return [:] }
        let rows = try await connection.query(
            """
            SELECT \(RunRecord.columns) FROM workflow_run r JOIN workflow_version v ON v.version_id = r.version_id
            WHERE r.workflow_id = \(workflow.rawValue) AND r.run_type IN ('scheduled', 'backfill')
              AND r.logical_date BETWEEN \(first) AND \(last)
            """)
        let wanted = Set(dates)
        var runs: [Date: RunRecord] = [:]
        for row in rows {
            let run = try RunRecord(row: row)
            if wanted.contains(run.logicalDate) { runs[run.logicalDate] = run }
        }
        return runs
    }
}
