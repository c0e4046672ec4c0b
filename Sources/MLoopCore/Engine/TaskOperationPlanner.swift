/// Decides what a user's clear or mark does to a run: pure, from a snapshot of the run's instances read under lock.
/// Every effect — the instance's state and tries, its open try's end, the run going back to queued — is decided
/// here through the transition tables; the store only applies the plan.
public enum TaskOperationPlanner {
    /// Clears `task` (and with `downstream`, every task downstream of it that can be cleared) so it runs again as a
    /// new try: back to pending with a full set of new tries, its results forgotten. A queued or running instance's
    /// open try is cancelled (its worker stops the process). A finished run goes back to queued. Downstream
    /// instances that cannot be cleared (pending) are left as they are.
    public static func clear(_ task: TaskID, downstream: Bool, in snapshot: RunSnapshot)
        throws(TaskOperationError) -> OperationPlan
    {
        guard let instance = snapshot.instances[task] else {
            throw .unknownTask(task, workflow: snapshot.workflow.id)
        }
        let graph = WorkflowGraph(snapshot.workflow)
        let below = downstream ? graph.order.filter(graph.descendants(of: [task]).contains) : []
        var changes: [TaskChange] = []
        for (target, current) in [(task, instance)] + below.compactMap({ t in snapshot.instances[t].map { (t, $0) } }) {
            switch current.state.apply(.cleared, triesSoFar: current.triesSoFar, maxTries: current.maxTries) {
            case .success(let to):
                let policy = snapshot.workflow.task(target).map(RetryPolicy.init)
                let maxTries = (policy ?? RetryPolicy(retries: 0, retryDelay: .zero))
                    .maxTriesAfterClear(triesSoFar: current.triesSoFar)
                changes.append(
                    TaskChange(
                        task: target, from: current.state, event: .cleared, to: to, maxTries: maxTries, resets: true,
                        openTry: openTryChange(current, .cleared, "cleared by a user while \(current.state.rawValue)")))
            case .failure(let error) where target == task:
                throw .refused(task, operation: "clear", error)
            case .failure:
                continue
            }
        }
        var run: RunChange?
        if snapshot.runState.isFinished, case .success(let to) = snapshot.runState.apply(.cleared) {
            run = RunChange(from: snapshot.runState, event: .cleared, to: to, reason: "tasks cleared by a user")
        }
        return OperationPlan(changes: changes, run: run)
    }

    /// Marks `task` success or failed by hand. Its open try ends with the same state (its worker stops the process);
    /// the scheduler then moves downstream tasks and the run on.
    public static func mark(_ task: TaskID, as state: TaskInstanceState, in snapshot: RunSnapshot)
        throws(TaskOperationError) -> OperationPlan
    {
        let event: TaskInstanceTransition
        switch state {
        case .success: event = .markedSuccess
        case .failed: event = .markedFailed
        default: throw .unsupportedMark(state)
        }
        guard let instance = snapshot.instances[task] else {
            throw .unknownTask(task, workflow: snapshot.workflow.id)
        }
        switch instance.state.apply(event, triesSoFar: instance.triesSoFar, maxTries: instance.maxTries) {
        case .success(let to):
            let note = "marked \(to.rawValue) by a user while \(instance.state.rawValue)"
            return OperationPlan(changes: [
                TaskChange(
                    task: task, from: instance.state, event: event, to: to,
                    openTry: openTryChange(instance, event, note))
            ])
        case .failure(let error):
            throw .refused(task, operation: "mark", error)
        }
    }

    /// The end of `instance`'s open try that `event` carries: queued and running instances have one (a try begins
    /// when its instance is queued), and it is the instance's current try.
    static func openTryChange(_ instance: TaskInstanceSnapshot, _ event: TaskInstanceTransition, _ error: String)
        -> TryChange?
    {
        guard instance.state == .queued || instance.state == .running, instance.triesSoFar > 0,
            let tryEvent = TaskTryTransition(event)
        else { return nil }
        return TryChange(tryNumber: instance.triesSoFar, event: tryEvent, error: error)
    }
}
