/// Something that happens to a run. `RunState.apply(_:)` is the one place that says which events are legal in
/// which state and where they lead.
public enum RunTransition: String, Hashable, Sendable, CaseIterable {
    /// The scheduler started it (within `max_active_runs`): `queued` → `running`.
    case started
    /// Every task finished and no leaf failed: `running` → `success`.
    case succeeded
    /// A leaf failed or was upstream_failed, or no task can make progress: `running` → `failed`.
    case failed
    /// It was still unfinished after the workflow's `run_timeout`: `queued`/`running` → `failed`.
    case timedOut = "timed_out"
    /// A user cleared tasks of a finished run: `success`/`failed` → `queued`, to be started again.
    case cleared
    /// A user marked it successful.
    case markedSuccess = "marked_success"
    /// A user marked it failed.
    case markedFailed = "marked_failed"

    /// The event's name in snake_case, as logs and errors print it.
    public var name: String { rawValue }
}
