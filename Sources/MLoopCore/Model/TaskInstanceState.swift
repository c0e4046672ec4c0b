/// The state of one task in one run. Raw values are persisted, served by the API and shown by the UI: frozen.
public enum TaskInstanceState: String, CaseIterable, Codable, Sendable {
    /// Created with its run; waiting for upstream tasks.
    case pending
    /// Its trigger rule is met; about to be queued.
    case scheduled
    /// Waiting for a worker slot.
    case queued
    case running
    case success
    case failed
    /// A try failed and another one is due at `next_try_at`.
    case upForRetry = "up_for_retry"
    /// An upstream task failed, so this one will not run.
    case upstreamFailed = "upstream_failed"
    case skipped
    /// The task is no longer in the run's workflow version.
    case removed

    /// States a task instance does not leave by itself.
    public var isFinished: Bool {
        switch self {
        case .success, .failed, .upstreamFailed, .skipped, .removed: true
        case .pending, .scheduled, .queued, .running, .upForRetry: false
        }
    }
}
