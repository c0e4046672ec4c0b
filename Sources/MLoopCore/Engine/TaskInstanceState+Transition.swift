extension TaskInstanceState {
    /// The state `event` leads to from this one, or why it is not legal here. The only place task-instance
    /// transitions are defined; everything that changes a task instance's state goes through it.
    ///
    /// - Parameters:
    ///   - triesSoFar: tries begun so far, the current one included (a try begins when the instance is queued).
    ///   - maxTries: tries allowed (`retries + 1`, raised again when a user clears the instance).
    public func apply(
        _ event: TaskInstanceTransition, triesSoFar: Int, maxTries: Int
    ) -> Result<TaskInstanceState, TransitionError> {
        if let next = next(after: event, triesSoFar: triesSoFar, maxTries: maxTries) { return .success(next) }
        return .failure(refusal(of: event))
    }

    /// Whether `event` is legal in this state (the try counts only decide between retry and failure).
    public func allows(_ event: TaskInstanceTransition) -> Bool {
        next(after: event, triesSoFar: 0, maxTries: 1) != nil
    }

    /// States a user may clear: all but `pending` and `removed`. Clearing a `queued` or `running` instance cancels
    /// its open try (a running process is stopped by its worker).
    public var isClearable: Bool { allows(.cleared) }

    // The transition table. Follows Airflow 3 (peers.md §2.2) without its `restarting`, `deferred` and
    // `up_for_reschedule` states.
    private func next(after event: TaskInstanceTransition, triesSoFar: Int, maxTries: Int) -> TaskInstanceState? {
        let afterFailedTry: TaskInstanceState = triesSoFar < maxTries ? .upForRetry : .failed
        switch (self, event) {
        case (.pending, .dependenciesMet): return .scheduled
        case (.pending, .skipped): return .skipped
        case (.pending, .upstreamFailed): return .upstreamFailed
        case (.scheduled, .queued): return .queued
        case (.queued, .started): return .running
        case (.running, .succeeded): return .success
        case (.running, .failed(let retryable)): return retryable ? afterFailedTry : .failed
        case (.running, .heartbeatLost), (.running, .timedOut): return afterFailedTry
        case (.running, .skipped): return .skipped
        case (.upForRetry, .retryDue): return .scheduled
        case (.scheduled, .cleared), (.queued, .cleared), (.running, .cleared), (.upForRetry, .cleared): return .pending
        case (_, .cleared) where isFinished && self != .removed: return .pending
        case (_, .markedSuccess) where self != .success && self != .removed: return .success
        case (_, .markedFailed) where self != .failed && self != .removed: return .failed
        case (.pending, .removedFromWorkflow), (.scheduled, .removedFromWorkflow), (.queued, .removedFromWorkflow),
            (.upForRetry, .removedFromWorkflow):
            return .removed
        default: return nil
        }
    }

    private func refusal(of event: TaskInstanceTransition) -> TransitionError {
        let hint: String
        switch (self, event) {
        case (.removed, _):
            hint = "the task is no longer in the run's workflow version, so its instance is final"
        case (.running, .removedFromWorkflow):
            hint = "its process is still running; it is marked removed only once it has finished"
        case (.success, .markedSuccess), (.failed, .markedFailed):
            hint = "it is already \(rawValue)"
        default:
            let legal = TaskInstanceTransition.allCases.filter(allows).map(\.name)
            hint = "allowed here: \(Array(Set(legal)).sorted().joined(separator: ", "))"
        }
        return TransitionError(subject: .taskInstance, from: rawValue, event: event.name, hint: hint)
    }
}
