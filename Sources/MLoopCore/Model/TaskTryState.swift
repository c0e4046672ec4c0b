/// The state of one try of a task instance (a `task_try` row). Raw values are persisted, served by the API and
/// shown by the UI: frozen.
public enum TaskTryState: String, CaseIterable, Codable, Sendable {
    /// Begun when its instance was queued; waiting for a worker.
    case queued
    /// A worker claimed it and runs its process.
    case running
    case success
    case failed
    case skipped
    /// Ended by a user's clear (or its task leaving the workflow) before it finished; a running process is stopped.
    case cancelled

    /// Every try begins here, when its task instance is queued.
    public static let initial = TaskTryState.queued

    /// States a try does not leave.
    public var isFinished: Bool {
        switch self {
        case .queued, .running: false
        case .success, .failed, .skipped, .cancelled: true
        }
    }
}
