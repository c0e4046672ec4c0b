/// What the planner decided for one task instance: the events to apply, in order, and where they lead.
public struct TaskDecision: Hashable, Sendable {
    public var task: TaskID
    /// The state the decision was made in; the caller applies it only if the instance is still in it.
    public var from: TaskInstanceState
    /// The events, each legal after the one before (checked by `TaskInstanceState.apply`).
    public var events: [TaskInstanceTransition]
    public var to: TaskInstanceState
    public var reason: String

    public init(
        task: TaskID, from: TaskInstanceState, events: [TaskInstanceTransition], to: TaskInstanceState,
        reason: String
    ) {
        self.task = task
        self.from = from
        self.events = events
        self.to = to
        self.reason = reason
    }

    /// Whether applying the decision begins a new try (its instance is queued): the try count goes up and the try's
    /// row is created, in `TaskTryState.initial`.
    public var beginsTry: Bool { events.contains(.queued) }
}
