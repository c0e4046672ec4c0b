extension RunState {
    /// The state `event` leads to from this one, or why it is not legal here. The only place run transitions
    /// are defined (Airflow's DAG-run machine, peers.md §2.3).
    public func apply(_ event: RunTransition) -> Result<RunState, TransitionError> {
        if let next = next(after: event) { return .success(next) }
        let hint: String
        switch (self, event) {
        case (.success, .markedSuccess), (.failed, .markedFailed):
            hint = "it is already \(rawValue)"
        case (.queued, .cleared), (.running, .cleared):
            hint = "it has not finished; clear its tasks without clearing the run"
        default:
            let legal = RunTransition.allCases.filter { self.next(after: $0) != nil }.map(\.name)
            hint = "allowed here: \(legal.sorted().joined(separator: ", "))"
        }
        return .failure(TransitionError(subject: .run, from: rawValue, event: event.name, hint: hint))
    }

    /// Whether `event` is legal in this state.
    public func allows(_ event: RunTransition) -> Bool { next(after: event) != nil }

    private func next(after event: RunTransition) -> RunState? {
        switch (self, event) {
        case (.queued, .started): .running
        case (.running, .succeeded): .success
        case (.running, .failed): .failed
        case (.queued, .timedOut), (.running, .timedOut): .failed
        case (.success, .cleared), (.failed, .cleared): .queued
        case (_, .markedSuccess) where self != .success: .success
        case (_, .markedFailed) where self != .failed: .failed
        default: nil
        }
    }
}
