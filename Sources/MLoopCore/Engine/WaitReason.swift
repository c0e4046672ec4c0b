import Foundation

/// Why a task instance is not running yet, in words a user can act on.
public enum WaitReason: Hashable, Sendable, CustomStringConvertible {
    /// Its trigger rule is not decided yet ("waiting for upstream 'extract' (running)").
    case upstream(String)
    /// The workflow already has `limit` task instances queued or running.
    case maxActiveTasks(limit: Int, workflow: WorkflowID)
    /// It is up for retry number `retry` of `of`, due at `at`.
    case retryNotDue(retry: Int, of: Int, at: Date)
    case workflowPaused(WorkflowID)
    /// It is queued and no worker has claimed it yet.
    case waitingForWorker
    /// Its run is not running, so none of its tasks are planned.
    case runNotRunning(RunState)
    /// Its run is queued while `running` runs of the workflow are running, of at most `limit`.
    case runQueued(running: Int, limit: Int)

    public var description: String {
        switch self {
        case .upstream(let reason): reason
        case .maxActiveTasks(let limit, let workflow): "max_active_tasks (\(limit)) reached for workflow '\(workflow)'"
        case .retryNotDue(let retry, let of, let at): "retry \(retry) of \(of) due at \(Timestamp.format(at))"
        case .workflowPaused(let workflow): "workflow '\(workflow)' is paused"
        case .waitingForWorker: "queued: waiting for a free worker slot"
        case .runNotRunning(.queued): "run is queued: it starts once the workflow is below max_active_runs"
        case .runNotRunning(let state): "run is \(state.rawValue)"
        case .runQueued(let running, let limit) where running >= limit:
            "run is queued: \(running) run\(running == 1 ? " is" : "s are") running, max_active_runs is \(limit)"
        case .runQueued: "run is queued: the scheduler starts it at its next pass"
        }
    }
}
