/// What a NOTIFY on `StoreChannel.scheduler` asks for, from its payload.
public enum SchedulerWakeUp: Sendable, Hashable {
    /// Plan this run (payload: the run id).
    case run(RunID)
    /// `count` tries of this run ended with a success or a skip and nothing else changed (payload `run:count`,
    /// sent by `finishTriesTogether`). A scheduler that knows how many of the run's tries were still to end when it
    /// last found the run settled can count these down instead of planning it again.
    case ended(RunID, count: Int)
    /// Anything else: look at everything.
    case everything

    public init(payload: String) {
        let parts = payload.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 1, let run = Int64(parts[0]) {
            self = .run(RunID(run))
        } else if parts.count == 2, let run = Int64(parts[0]), let count = Int(parts[1]), count > 0 {
            self = .ended(RunID(run), count: count)
        } else {
            self = .everything
        }
    }
}
