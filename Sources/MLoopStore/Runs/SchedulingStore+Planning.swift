import Foundation
import MLoopCore
import MLoopPostgres

extension SchedulingStore {
    /// Plans one run and applies the plan in the same transaction. Locks the run (`FOR UPDATE SKIP LOCKED`: nil when
    /// another scheduler holds it, or when there is no such run), then the workflow's slot lock; starts a queued run
    /// while the workflow is below `max_active_runs`; fails it when it has been running longer than its
    /// `run_timeout`; otherwise runs
    /// `RunPlanner.plan` and applies each decision guarded by its from-state (queuing inserts the new try's row),
    /// then the run's own transition. Wakes workers when it queued something. Without `explained`, a settled run's
    /// outcome leaves `waiting` empty (the scheduler only acts on the plan; listing a fan-out's queued tasks after each
    /// of its tries ends would cost more than the check itself). A settled run's outcome says how many of its tasks
    /// are queued or running (`settledActive`).
    public func planRun(_ id: RunID, now: Date, explained: Bool = true) async throws -> RunPlanOutcome? {
        if let settled = try await settledOutcome(id, now: now, explained: explained) { return settled }
        return try await pool.withTransaction { connection in
            guard var head = try await head(id, lock: true, skipLocked: true, connection) else { return nil }
            let (definition, graph) = try await definitions.entry(version: head.versionID, connection)
            var outcome = RunPlanOutcome(
                runID: id, workflowID: head.workflowID, runState: head.state, started: false, applied: [], stale: [],
                queued: [], reason: "run is \(head.state.rawValue)", waiting: [:])
            guard !head.state.isFinished else { return outcome }
            try await lockWorkflowSlots(head.workflowID, connection)
            // Instances are read (and locked) for the timeout only once the run is past it: a plan of a run within
            // its limit costs no extra query.
            if RunTimeoutPlanner.hasTimedOut(definition, startedAt: head.startedAt, now: now) {
                let snapshot = RunSnapshot(
                    workflow: definition, runState: head.state,
                    instances: try await instanceSnapshots(id, lock: true, connection))
                if let plan = RunTimeoutPlanner.plan(snapshot, startedAt: head.startedAt, now: now) {
                    return try await timeOut(plan, snapshot: snapshot, outcome, now: now, connection)
                }
            }
            let load = try await workflowLoad(head.workflowID, run: id, connection)
            if head.state == .running, !head.workflowPaused, let progress = load.run,
                let settled = RunPlanner.settled(progress.summary)
            {
                // What the full plan would conclude, without reading every instance (a 1,000-task fan-out is
                // planned after each of its tries ends).
                outcome.reason = settled.run.reason
                outcome.waiting = settled.waiting
                outcome.settledActive = progress.summary.active
                return outcome
            }
            if RunPlanner.starts(
                head.state, workflow: definition, paused: head.workflowPaused, runningRuns: load.runningRuns)
            {
                head.state = try RunState.queued.apply(.started).get()
                try await connection.query(
                    """
                    UPDATE workflow_run SET state = \(head.state.rawValue), started_at = \(now), updated_at = now()
                    WHERE run_id = \(id.rawValue)
                    """)
                outcome.started = true
                outcome.runState = head.state
            }
            let snapshot = RunSnapshot(
                workflow: definition, runState: head.state, instances: try await instanceSnapshots(id, connection),
                activeTasksInWorkflow: load.activeTasks, workflowPaused: head.workflowPaused,
                runningRunsInWorkflow: load.runningRuns)
            let plan = RunPlanner.plan(snapshot, now: now, graph: graph)
            outcome.waiting = plan.waiting
            outcome.reason = plan.run.reason
            try await apply(plan.decisions, to: id, now: now, &outcome, connection)
            if let event = plan.run.event, outcome.stale.isEmpty {
                outcome.runState = try head.state.apply(event).get()
                try await connection.query(
                    """
                    UPDATE workflow_run SET state = \(outcome.runState.rawValue), ended_at = \(now), updated_at = now(),
                        note = CASE WHEN \(outcome.runState == .failed) THEN \(plan.run.reason) ELSE note END
                    WHERE run_id = \(id.rawValue) AND state = \(head.state.rawValue)
                    """)
                // A finished run frees a max_active_runs slot for queued runs of the workflow.
                try await notify(StoreChannel.scheduler, id, connection)
            }
            if !outcome.queued.isEmpty { try await notify(StoreChannel.worker, id, connection) }
            return outcome
        }
    }

    /// More decisions than this are applied by a statement planned for them (see `apply`).
    static let preparedDecisionLimit = 32

    // All decisions in one statement; each applies only if the instance is still in the state it was decided in.
    // A decision that begins a try (`TaskDecision.beginsTry`) adds one to try_number and inserts the try's row.
    private func apply(
        _ decisions: [TaskDecision], to id: RunID, now: Date, _ outcome: inout RunPlanOutcome,
        _ connection: PostgresConnection
    ) async throws {
        guard !decisions.isEmpty else { return }
        let finished = TaskInstanceState.allCases.filter(\.isFinished).map(\.rawValue)
        // States in which an instance no longer waits for a retry's due time.
        let undelayed = [TaskInstanceState.scheduled, .queued].map(\.rawValue)
        var statement: SQL = """
            WITH d AS (
                SELECT * FROM unnest(\(decisions.map(\.task.rawValue))::text[], \(decisions.map(\.from.rawValue))::text[],
                                     \(decisions.map(\.to.rawValue))::text[], \(decisions.map(\.beginsTry))::boolean[])
                    AS d(task_id, from_state, to_state, begins_try)
            ), updated AS (
                UPDATE task_instance t SET
                    state = d.to_state,
                    try_number = t.try_number + CASE WHEN d.begins_try THEN 1 ELSE 0 END,
                    queued_at = CASE WHEN d.begins_try THEN \(now) ELSE t.queued_at END,
                    started_at = CASE WHEN d.begins_try THEN NULL ELSE t.started_at END,
                    ended_at = CASE WHEN d.to_state = ANY(\(finished)::text[]) THEN \(now)
                                    WHEN d.begins_try THEN NULL ELSE t.ended_at END,
                    next_try_at = CASE WHEN d.to_state = ANY(\(undelayed)::text[]) THEN NULL ELSE t.next_try_at END,
                    updated_at = now()
                FROM d WHERE t.run_id = \(id.rawValue) AND t.task_id = d.task_id AND t.state = d.from_state
                RETURNING t.task_id, t.try_number, d.begins_try
            ), tries AS (
                INSERT INTO task_try (run_id, task_id, try_number, state, queued_at)
                SELECT \(id.rawValue), u.task_id, u.try_number, \(TaskTryState.initial.rawValue), \(now)
                FROM updated u WHERE u.begins_try
            )
            SELECT task_id FROM updated
            """
        // Queuing a fan-out's 1,000 tasks is planned with its real size: a prepared statement's generic plan takes
        // the unnested arrays for ten rows and could join every instance of the run against every decision.
        if decisions.count > Self.preparedDecisionLimit { statement = statement.plannedEachTime() }
        let rows = try await connection.query(statement)
        let applied = Set(try rows.map { try $0.decodeTaskID() })
        for decision in decisions {
            if applied.contains(decision.task) {
                outcome.applied.append(decision)
                if decision.to == .queued { outcome.queued.append(decision.task) }
            } else {
                outcome.stale.append(decision.task)
            }
        }
    }

    // Applies `RunTimeoutPlanner`'s plan: the run and its unfinished instances fail, their open tries end.
    private func timeOut(
        _ plan: OperationPlan, snapshot: RunSnapshot, _ outcome: RunPlanOutcome, now: Date,
        _ connection: PostgresConnection
    ) async throws -> RunPlanOutcome {
        var outcome = outcome
        try await apply(plan, to: outcome.runID, now: now, connection)
        let reason = plan.run?.reason ?? "run timed out"
        outcome.runState = plan.run?.to ?? snapshot.runState
        outcome.reason = reason
        outcome.applied = plan.changes.map { change in
            TaskDecision(task: change.task, from: change.from, events: [change.event], to: change.to, reason: reason)
        }
        return outcome
    }

}
