/// A change to one task instance that an operation plan applies, guarded by the state it was decided in, with its
/// effect on the instance's open try.
public struct TaskChange: Hashable, Sendable {
    public var task: TaskID
    /// The state the change was decided in; it applies only if the instance is still in it.
    public var from: TaskInstanceState
    public var event: TaskInstanceTransition
    public var to: TaskInstanceState
    /// Tries allowed after the change, when it changes them (a clear grants a full set of new tries).
    public var maxTries: Int?
    /// A clear: the instance's results (XComs, progress, metadata, branch choice) and times are forgotten.
    public var resets: Bool
    /// How the instance's open try (queued or running) ends, if it has one.
    public var openTry: TryChange?

    public init(
        task: TaskID, from: TaskInstanceState, event: TaskInstanceTransition, to: TaskInstanceState,
        maxTries: Int? = nil, resets: Bool = false, openTry: TryChange? = nil
    ) {
        self.task = task
        self.from = from
        self.event = event
        self.to = to
        self.maxTries = maxTries
        self.resets = resets
        self.openTry = openTry
    }
}

/// How one try row changes: its number, the event, the states it may be in for the event to apply, and where it
/// leads (all from `TaskTryState`'s table).
public struct TryChange: Hashable, Sendable {
    public var tryNumber: Int
    public var event: TaskTryTransition
    /// Every state the event is legal in: the guard of the statement that applies it.
    public var from: [TaskTryState]
    public var to: TaskTryState
    /// What the try row's `error` says, for ends a user or the scheduler caused.
    public var error: String?

    /// The change `event` makes to try `tryNumber`, or nil when the event is legal in no open state.
    public init?(tryNumber: Int, event: TaskTryTransition, error: String? = nil) {
        let from = TaskTryState.states(allowing: event)
        guard let first = from.first, case .success(let to) = first.apply(event) else { return nil }
        // The table leads an event to one state whatever open state it starts from; a change relies on that.
        precondition(from.allSatisfy { $0.apply(event) == .success(to) }, "try event \(event.name) is ambiguous")
        self.tryNumber = tryNumber
        self.event = event
        self.from = from
        self.to = to
        self.error = error
    }
}
