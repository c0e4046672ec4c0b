import MLoopCore

/// What `SchedulingStore.planRun` did to one run.
public struct RunPlanOutcome: Sendable, Hashable {
    public var runID: RunID
    public var workflowID: WorkflowID
    /// The run's state after the plan was applied.
    public var runState: RunState
    /// True when this call moved the run from queued to running.
    public var started: Bool
    /// Task decisions applied, in topological order.
    public var applied: [TaskDecision]
    /// Tasks whose decision was not applied because the instance changed meanwhile; the next plan sees them.
    public var stale: [TaskID]
    /// Tasks queued for workers by this call.
    public var queued: [TaskID]
    /// Why the run is in its state (the planner's reason, or the run timeout).
    public var reason: String
    /// Why each unfinished, non-running task waits.
    public var waiting: [TaskID: WaitReason]
    /// Set when the run was found settled (nothing waits, some tasks are queued or running): how many are. Until
    /// that many tries have ended (or anything else changes the run), planning it again can decide nothing.
    public var settledActive: Int? = nil
}
