/// The planner's answer for one run: task decisions, why the other tasks wait, and the run's resulting state.
public struct RunPlan: Hashable, Sendable {
    /// Decisions in topological order: a task's decision comes after its upstream tasks' decisions.
    public var decisions: [TaskDecision]
    /// Every unfinished, non-running task left waiting after the plan (queued ones included), with why.
    public var waiting: [TaskID: WaitReason]
    public var run: RunDecision

    public init(decisions: [TaskDecision], waiting: [TaskID: WaitReason], run: RunDecision) {
        self.decisions = decisions
        self.waiting = waiting
        self.run = run
    }

    /// The decision for `task`, if the plan changes it.
    public func decision(for task: TaskID) -> TaskDecision? { decisions.first { $0.task == task } }
}
