/// The LISTEN/NOTIFY channels the store notifies. A message only wakes a listener; the tables are the truth.
public enum StoreChannel {
    /// Something a scheduler should plan: a run created or cleared, a try finished, a task marked. Payload: run id,
    /// or `run_id:count` for tries that succeeded or were skipped (see `SchedulerWakeUp`).
    public static let scheduler = "mloop_scheduler"
    /// Tries were queued for workers to claim (payload: run id), or a user ended running tries (payload:
    /// `stopPayload`): workers check their running tries at once and stop those no longer theirs.
    public static let worker = "mloop_worker"
    public static let stopPayload = "stop"
    /// A run or task instance was created or changed state (row triggers of migration 0005). Payload: JSON
    /// `{"kind": "run"|"task", "run_id", "workflow_id", "task_id"?, "state", "try_number"?}`.
    public static let events = "mloop_events"
    /// A log chunk was stored (row trigger of migration 0005). Payload: `run_id:task_id:try_number`.
    public static let logs = "mloop_logs"
}
