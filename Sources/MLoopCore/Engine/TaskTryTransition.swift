/// Something that happens to a try. `TaskTryState.apply(_:)` says which events are legal in which state and where
/// they lead; `init?(_:)` says which try event each task-instance event carries, so the two tables never disagree.
public enum TaskTryTransition: String, Hashable, Sendable, CaseIterable {
    /// A worker claimed it and started its process.
    case claimed
    case succeeded
    /// Its process failed, timed out, or its worker stopped heartbeating.
    case failed
    /// Its process asked to be skipped.
    case skipped
    case markedSuccess = "marked_success"
    case markedFailed = "marked_failed"
    /// A user cleared its instance (or the task left the workflow) before the try finished.
    case cancelled

    /// The event's snake_case name, as errors print it.
    public var name: String { rawValue }

    /// What a task-instance event does to the instance's open try, or nil when it leaves the try alone (planner
    /// events before a try begins; queuing begins a new try at `TaskTryState.initial`).
    public init?(_ event: TaskInstanceTransition) {
        switch event {
        case .started: self = .claimed
        case .succeeded: self = .succeeded
        case .failed, .heartbeatLost, .timedOut: self = .failed
        case .skipped: self = .skipped
        case .markedSuccess: self = .markedSuccess
        case .markedFailed: self = .markedFailed
        case .cleared, .removedFromWorkflow: self = .cancelled
        case .dependenciesMet, .queued, .upstreamFailed, .retryDue: return nil
        }
    }
}
