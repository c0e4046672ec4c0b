import Foundation
import MLoopCore
import MLoopPostgres

extension SchedulingStore {
    /// `planRun`'s answer for a run that is running, unpaused, within its run timeout and settled (none of its tasks
    /// waits, some are queued or running), read in one statement without a transaction or locks; nil when the run is
    /// anything else and needs the full, locked plan. A try ending in a 1,000-task fan-out wakes the scheduler for
    /// its run each time, and until the last tries end this is all there is to say: one round trip instead of five.
    /// Reading without the lock is safe because the answer changes nothing — like the locked path's, it is only as
    /// fresh as the next wake-up, which any change to the run sends.
    func settledOutcome(_ id: RunID, now: Date, explained: Bool) async throws -> RunPlanOutcome? {
        let rows = try await pool.query(
            """
            SELECT r.workflow_id, r.version_id, r.started_at, p.*
            FROM workflow_run r JOIN workflow w ON w.workflow_id = r.workflow_id,
            LATERAL (\(RunProgress.select(run: "r.run_id", counting: explained))) p
            WHERE r.run_id = \(id.rawValue) AND r.state = 'running' AND NOT w.is_paused
            """)
        guard let row = rows.first else { return nil }
        let progress = try RunProgress(row: row)
        guard let plan = RunPlanner.settled(progress.summary) else { return nil }
        let definition = try await pool.withConnection { connection in
            try await definitions.definition(version: try row.decode("version_id", as: Int64.self), connection)
        }
        let startedAt = try row.decode("started_at", as: Date?.self)
        if RunTimeoutPlanner.hasTimedOut(definition, startedAt: startedAt, now: now) { return nil }
        return RunPlanOutcome(
            runID: id, workflowID: WorkflowID(try row.decode("workflow_id", as: String.self)), runState: .running,
            started: false, applied: [], stale: [], queued: [], reason: plan.run.reason, waiting: plan.waiting,
            settledActive: progress.summary.active)
    }
}
