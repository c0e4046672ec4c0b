import Foundation

/// Airflow's `dagrun_timeout`, decided in one place: a run still unfinished `run_timeout` after it started fails,
/// and so does every unfinished task instance; their open tries end as failed.
public enum RunTimeoutPlanner {
    /// Whether a run of `workflow` started at `startedAt` has run longer than its `run_timeout` at `now` (never,
    /// without a limit or before it started).
    public static func hasTimedOut(_ workflow: WorkflowDefinition, startedAt: Date?, now: Date) -> Bool {
        guard let timeout = workflow.runTimeout, let startedAt else { return false }
        return now.timeIntervalSince(startedAt) > timeout.seconds
    }

    /// The plan that times the run out at `now`, or nil while it is within its limit (or has none). Counted from
    /// the start: a run waiting for a `max_active_runs` slot does not time out.
    public static func plan(_ snapshot: RunSnapshot, startedAt: Date?, now: Date) -> OperationPlan? {
        guard hasTimedOut(snapshot.workflow, startedAt: startedAt, now: now), !snapshot.runState.isFinished,
            let timeout = snapshot.workflow.runTimeout, case .success(let runState) = snapshot.runState.apply(.timedOut)
        else { return nil }
        let limit = timeout.seconds
        let reason = "run timed out: still unfinished after run_timeout (\(Int(limit)) s)"
        var changes: [TaskChange] = []
        for (task, instance) in snapshot.instances.sorted(by: { $0.key < $1.key }) where !instance.state.isFinished {
            let applied = instance.state.apply(
                .markedFailed, triesSoFar: instance.triesSoFar, maxTries: instance.maxTries)
            guard case .success(let to) = applied else { continue }
            changes.append(
                TaskChange(
                    task: task, from: instance.state, event: .markedFailed, to: to,
                    openTry: TaskOperationPlanner.openTryChange(instance, .markedFailed, reason)))
        }
        return OperationPlan(
            changes: changes, run: RunChange(from: snapshot.runState, event: .timedOut, to: runState, reason: reason))
    }
}
