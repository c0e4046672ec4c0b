import Foundation
import MLoopCore
import MLoopPostgres

extension RunOperations {
    /// Clears a task (and with `downstream`, every task downstream of it) so it runs again as a new try
    /// (`TaskOperationPlanner.clear`): a queued or running instance's open try is cancelled and its worker stops the
    /// process. Returns the tasks cleared. Throws `.notFound` for an unknown run or task, `.conflict` when the task
    /// itself cannot be cleared.
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
        let snapshot = try await lockForOperation(run, connection)
        let plan = try planned(run) { () throws(TaskOperationError) in
            try TaskOperationPlanner.clear(task, downstream: downstream, in: snapshot)
        }
        try await apply(plan, to: run, now: now, connection)
        return plan.tasks
    }

    /// Marks a task instance success or failed by hand (`TaskOperationPlanner.mark`). Its open try (queued or
    /// running) ends with the same state and its worker stops the process. Schedulers are woken so downstream tasks
    /// move on.
    public func markTask(_ run: RunID, _ task: TaskID, as state: TaskInstanceState, now: Date) async throws {
        try await pool.withTransaction { connection in
            let snapshot = try await lockForOperation(run, connection)
            let plan = try planned(run) { () throws(TaskOperationError) in
                try TaskOperationPlanner.mark(task, as: state, in: snapshot)
            }
            try await apply(plan, to: run, now: now, connection)
        }
    }

    private func planned(_ run: RunID, _ body: () throws(TaskOperationError) -> OperationPlan) throws
        -> OperationPlan
    {
        do {
            return try body()
        } catch .unknownTask(let task, let workflow) {
            throw StoreError.notFound("run \(run) of workflow '\(workflow)' has no task '\(task)'")
        } catch {
            throw StoreError.conflict(error.description)
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

    // Locks the run row (blocking: operators wait for a planner rather than skip), then its instances (run row,
    // then instance rows: the lock order), and reads them.
    private func lockForOperation(_ run: RunID, _ connection: PostgresConnection) async throws -> RunSnapshot {
        guard let head = try await head(run, lock: true, connection) else {
            throw StoreError.notFound("no run with id \(run)")
        }
        let definition = try await definitions.definition(version: head.versionID, connection)
        return RunSnapshot(
            workflow: definition, runState: head.state,
            instances: try await instanceSnapshots(run, lock: true, connection), workflowPaused: head.workflowPaused)
    }
}
