import Foundation
import MLoopCore
import MLoopPostgres

extension RunStore {
    /// Clears a task (and with `downstream`, every task downstream of it) so it runs again as a new try: back to
    /// pending with a full set of new tries, its XComs, progress and branch choice forgotten. A finished run goes
    /// back to queued. Downstream instances that cannot be cleared (running, pending) are left as they are.
    /// Returns the tasks cleared. Throws `.notFound` for an unknown run or task, `.conflict` when the task itself
    /// cannot be cleared (say, it is running).
    @discardableResult
    public func clearTask(_ run: RunID, _ task: TaskID, downstream: Bool, now: Date) async throws -> [TaskID] {
        try await pool.withTransaction { connection in
            try await clearTask(run, task, downstream: downstream, now: now, connection)
        }
    }

    /// `clearTask` inside the caller's transaction.
    func clearTask(_ run: RunID, _ task: TaskID, downstream: Bool, now: Date, _ connection: PostgresConnection)
        async throws -> [TaskID]
    {
        let (head, definition, instances) = try await lockForOperation(run, task, connection)
        let graph = WorkflowGraph(definition)
        let targets = [task] + (downstream ? graph.order.filter(graph.descendants(of: [task]).contains) : [])
        var cleared: [(task: TaskID, maxTries: Int)] = []
        for target in targets {
            guard let instance = instances[target] else { continue }
            switch instance.state.apply(.cleared, triesSoFar: instance.triesSoFar, maxTries: instance.maxTries) {
            case .success:
                let policy =
                    definition.task(target).map(RetryPolicy.init) ?? RetryPolicy(retries: 0, retryDelay: .zero)
                cleared.append((target, policy.maxTriesAfterClear(triesSoFar: instance.triesSoFar)))
            case .failure(let error) where target == task:
                throw StoreError.conflict("cannot clear task '\(task)' of run \(run): \(error)")
            case .failure:
                continue
            }
        }
        let ids = cleared.map(\.task.rawValue)
        try await connection.query(
            """
            UPDATE task_instance t SET state = \(TaskInstanceState.pending.rawValue), max_tries = c.max_tries,
                next_try_at = NULL, queued_at = NULL, started_at = NULL, ended_at = NULL, progress = NULL,
                metadata = NULL, branch_choice = NULL, updated_at = now()
            FROM unnest(\(ids)::text[], \(cleared.map(\.maxTries))::int[]) AS c(task_id, max_tries)
            WHERE t.run_id = \(run.rawValue) AND t.task_id = c.task_id
            """)
        try await connection.query(
            "DELETE FROM xcom WHERE run_id = \(run.rawValue) AND task_id = ANY(\(ids)::text[])")
        if head.state.isFinished {
            let state = try head.state.apply(.cleared).get()
            try await connection.query(
                """
                UPDATE workflow_run SET state = \(state.rawValue), queued_at = \(now), started_at = NULL,
                    ended_at = NULL, note = NULL, updated_at = now()
                WHERE run_id = \(run.rawValue)
                """)
        }
        try await notify(StoreChannel.scheduler, run, connection)
        return cleared.map(\.task)
    }

    /// Marks a task instance success or failed by hand. Its open try (queued or running) ends with the same state;
    /// the worker running it learns from its next heartbeat. Schedulers are woken so downstream tasks move on.
    public func markTask(_ run: RunID, _ task: TaskID, as state: TaskInstanceState, now: Date) async throws {
        let event: TaskInstanceTransition
        switch state {
        case .success: event = .markedSuccess
        case .failed: event = .markedFailed
        default:
            throw StoreError.conflict("a task can be marked success or failed, not \(state.rawValue)")
        }
        try await pool.withTransaction { connection in
            let (_, _, instances) = try await lockForOperation(run, task, connection)
            guard let instance = instances[task] else {
                throw StoreError.notFound("run \(run) has no task instance '\(task)'")
            }
            let next: TaskInstanceState
            switch instance.state.apply(event, triesSoFar: instance.triesSoFar, maxTries: instance.maxTries) {
            case .success(let state): next = state
            case .failure(let error): throw StoreError.conflict("cannot mark task '\(task)' of run \(run): \(error)")
            }
            let note = "marked \(next.rawValue) by a user while \(instance.state.rawValue)"
            // The instance row before its try row: the lock order of finishTry and claims.
            try await connection.query(
                """
                UPDATE task_instance SET state = \(next.rawValue), ended_at = \(now), next_try_at = NULL,
                    updated_at = now()
                WHERE run_id = \(run.rawValue) AND task_id = \(task.rawValue)
                """)
            try await connection.query(
                """
                UPDATE task_try SET state = \(next.rawValue), ended_at = \(now), error = \(note)
                WHERE run_id = \(run.rawValue) AND task_id = \(task.rawValue) AND try_number = \(instance.triesSoFar)
                  AND state IN ('queued', 'running')
                """)
            try await notify(StoreChannel.scheduler, run, connection)
        }
    }

    /// Why each task instance of the run that is not running is where it is (`RunPlanner.explain`).
    public func explain(_ run: RunID, now: Date) async throws -> [TaskID: String] {
        try await pool.withConnection { connection in
            guard let head = try await head(run, lock: false, connection) else {
                throw StoreError.notFound("no run with id \(run)")
            }
            let definition = try await definitions.definition(version: head.versionID, connection)
            let load = try await workflowLoad(head.workflowID, connection)
            // planRun does not start a queued run of a paused workflow; the pause, not the queue, is the reason.
            let state = head.workflowPaused && head.state == .queued ? RunState.running : head.state
            let snapshot = RunSnapshot(
                workflow: definition, runState: state, instances: try await instanceSnapshots(run, connection),
                activeTasksInWorkflow: load.activeTasks, workflowPaused: head.workflowPaused,
                runningRunsInWorkflow: load.runningRuns)
            var reasons: [TaskID: String] = [:]
            for (task, instance) in snapshot.instances where instance.state != .running {
                reasons[task] = RunPlanner.explain(task, in: snapshot, now: now)
            }
            return reasons
        }
    }

    // Locks the run row (blocking: operators wait for a planner rather than skip), then reads its instances.
    private func lockForOperation(_ run: RunID, _ task: TaskID, _ connection: PostgresConnection) async throws
        -> (RunHead, WorkflowDefinition, [TaskID: TaskInstanceSnapshot])
    {
        guard let head = try await head(run, lock: true, connection) else {
            throw StoreError.notFound("no run with id \(run)")
        }
        let definition = try await definitions.definition(version: head.versionID, connection)
        let instances = try await instanceSnapshots(run, connection)
        guard instances[task] != nil else {
            throw StoreError.notFound("run \(run) of workflow '\(head.workflowID)' has no task '\(task)'")
        }
        return (head, definition, instances)
    }
}
