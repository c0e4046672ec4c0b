/// What the planner decided for the run itself.
public struct RunDecision: Hashable, Sendable {
    /// The event to apply, or nil when the run stays as it is.
    public var event: RunTransition?
    /// The run's state once `event` is applied.
    public var state: RunState
    public var reason: String

    public init(event: RunTransition?, state: RunState, reason: String) {
        self.event = event
        self.state = state
        self.reason = reason
    }
}
