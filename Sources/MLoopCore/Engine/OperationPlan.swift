/// What a user's operation on a run (clear, mark) or the run's timeout changes: task instances with their open
/// tries, and the run itself. The store applies it in one transaction, each change guarded by its from-state.
public struct OperationPlan: Hashable, Sendable {
    public var changes: [TaskChange]
    /// The run's own transition, if any.
    public var run: RunChange?

    public init(changes: [TaskChange], run: RunChange? = nil) {
        self.changes = changes
        self.run = run
    }

    /// The tasks the plan changes, in plan order.
    public var tasks: [TaskID] { changes.map(\.task) }

    /// Whether the plan ends a try that may be running: its worker should stop the process now.
    public var stopsRunningTries: Bool {
        changes.contains { $0.from == .running && $0.openTry != nil }
    }
}

/// A run's transition in an operation plan.
public struct RunChange: Hashable, Sendable {
    public var from: RunState
    public var event: RunTransition
    public var to: RunState
    /// Kept as the run's note when it fails (and cleared when it is queued again).
    public var reason: String

    public init(from: RunState, event: RunTransition, to: RunState, reason: String) {
        self.from = from
        self.event = event
        self.to = to
        self.reason = reason
    }
}
