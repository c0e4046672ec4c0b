extension TaskTryState {
    /// The state `event` leads to from this one, or why it is not legal here. The only place try transitions are
    /// defined; every statement that writes `task_try.state` takes its values from here.
    public func apply(_ event: TaskTryTransition) -> Result<TaskTryState, TransitionError> {
        if let next = next(after: event) { return .success(next) }
        let hint: String
        if isFinished {
            hint = "the try has ended; a new try begins when its task instance is queued again"
        } else {
            let legal = TaskTryTransition.allCases.filter { self.next(after: $0) != nil }.map(\.name)
            hint = "allowed here: \(legal.sorted().joined(separator: ", "))"
        }
        return .failure(TransitionError(subject: .taskTry, from: rawValue, event: event.name, hint: hint))
    }

    /// Whether `event` is legal in this state.
    public func allows(_ event: TaskTryTransition) -> Bool { next(after: event) != nil }

    /// The states in which `event` is legal: what a statement applying it guards on.
    public static func states(allowing event: TaskTryTransition) -> [TaskTryState] {
        allCases.filter { $0.allows(event) }
    }

    private func next(after event: TaskTryTransition) -> TaskTryState? {
        switch (self, event) {
        case (.queued, .claimed): .running
        case (.running, .succeeded): .success
        case (.running, .failed): .failed
        case (.running, .skipped): .skipped
        case (.queued, .markedSuccess), (.running, .markedSuccess): .success
        case (.queued, .markedFailed), (.running, .markedFailed): .failed
        case (.queued, .cancelled), (.running, .cancelled): .cancelled
        default: nil
        }
    }
}
