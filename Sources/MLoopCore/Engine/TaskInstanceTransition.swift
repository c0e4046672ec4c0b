/// Something that happens to a task instance. `TaskInstanceState.apply(_:triesSoFar:maxTries:)` is the one place
/// that says which events are legal in which state and where they lead.
public enum TaskInstanceTransition: Hashable, Sendable, CaseIterable {
    /// Its trigger rule is met (planner): `pending` → `scheduled`.
    case dependenciesMet
    /// A worker slot is reserved for it (planner): `scheduled` → `queued`. A new try begins here.
    case queued
    /// A worker claimed it and started its process: `queued` → `running`.
    case started(worker: String)
    /// The try exited successfully: `running` → `success`.
    case succeeded
    /// The try failed: `running` → `up_for_retry` when `retryable` and tries are left, otherwise `failed`.
    case failed(retryable: Bool)
    /// The task asked to be skipped while running, or its trigger rule or a branch skipped it while pending.
    case skipped
    /// Its trigger rule needs an upstream that failed (planner): `pending` → `upstream_failed`.
    case upstreamFailed
    /// Its retry delay has passed (planner): `up_for_retry` → `scheduled`.
    case retryDue
    /// Its worker stopped heartbeating: `running` → `up_for_retry` or `failed`, as a failed try.
    case heartbeatLost
    /// The try ran longer than the task's timeout: `running` → `up_for_retry` or `failed`, as a failed try.
    case timedOut
    /// A user cleared it so it runs again: back to `pending`, its next try a new one.
    case cleared
    /// A user marked it successful.
    case markedSuccess
    /// A user marked it failed.
    case markedFailed
    /// The task is no longer in the run's workflow version.
    case removedFromWorkflow

    /// One of each event, with a placeholder worker: for tables and documentation.
    public static let allCases: [TaskInstanceTransition] = [
        .dependenciesMet, .queued, .started(worker: "worker"), .succeeded, .failed(retryable: true),
        .failed(retryable: false), .skipped, .upstreamFailed, .retryDue, .heartbeatLost, .timedOut, .cleared,
        .markedSuccess, .markedFailed, .removedFromWorkflow,
    ]

    /// The event's name in snake_case, as logs and errors print it.
    public var name: String {
        switch self {
        case .dependenciesMet: "dependencies_met"
        case .queued: "queued"
        case .started: "started"
        case .succeeded: "succeeded"
        case .failed(let retryable): retryable ? "failed" : "failed_without_retry"
        case .skipped: "skipped"
        case .upstreamFailed: "upstream_failed"
        case .retryDue: "retry_due"
        case .heartbeatLost: "heartbeat_lost"
        case .timedOut: "timed_out"
        case .cleared: "cleared"
        case .markedSuccess: "marked_success"
        case .markedFailed: "marked_failed"
        case .removedFromWorkflow: "removed_from_workflow"
        }
    }
}
