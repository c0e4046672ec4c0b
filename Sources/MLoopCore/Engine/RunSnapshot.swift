/// Everything the run planner needs to know about one run, read in one go by the caller.
public struct RunSnapshot: Hashable, Sendable {
    /// The workflow version the run is pinned to.
    public var workflow: WorkflowDefinition
    public var runState: RunState
    /// The run's task instances by task. A task of the workflow without an instance counts as `pending`.
    public var instances: [TaskID: TaskInstanceSnapshot]
    /// Task instances `queued` or `running` across all runs of this workflow, for `max_active_tasks`.
    public var activeTasksInWorkflow: Int
    public var workflowPaused: Bool
    /// Runs of this workflow in state `running`, for saying why a queued run waits; nil when not known.
    public var runningRunsInWorkflow: Int?

    public init(
        workflow: WorkflowDefinition, runState: RunState = .running, instances: [TaskID: TaskInstanceSnapshot],
        activeTasksInWorkflow: Int = 0, workflowPaused: Bool = false, runningRunsInWorkflow: Int? = nil
    ) {
        self.workflow = workflow
        self.runState = runState
        self.instances = instances
        self.activeTasksInWorkflow = activeTasksInWorkflow
        self.workflowPaused = workflowPaused
        self.runningRunsInWorkflow = runningRunsInWorkflow
    }

    /// The instance of `task`, or a fresh pending one when the run has none.
    public func instance(_ task: TaskID) -> TaskInstanceSnapshot {
        instances[task] ?? TaskInstanceSnapshot(state: .pending)
    }
}
