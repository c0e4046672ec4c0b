/// The LISTEN/NOTIFY channels the store notifies. A message only wakes a listener; the tables are the truth.
public enum StoreChannel {
    /// Something a scheduler should plan: a run created or cleared, a try finished, a task marked. Payload: run id.
    public static let scheduler = "mloop_scheduler"
    /// Tries were queued for workers to claim. Payload: run id.
    public static let worker = "mloop_worker"
}
