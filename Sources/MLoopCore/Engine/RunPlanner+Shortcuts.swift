import Foundation

extension RunPlanner {
    /// The plan of a running run of an unpaused workflow, within its run timeout, that is settled — none of its
    /// tasks waits and some are queued or running — from its progress alone: the same plan `plan(_:now:graph:)`
    /// returns then (nothing to decide until one of those ends), without reading every instance. Nil when the run is
    /// not settled and needs the full plan.
    public static func settled(_ progress: RunProgressSummary) -> RunPlan? {
        guard progress.waiting == 0, progress.active > 0 else { return nil }
        var waiting: [TaskID: WaitReason] = [:]
        for task in progress.queued { waiting[task] = .waitingForWorker }
        return RunPlan(decisions: [], waiting: waiting, run: .stillRunning(unfinished: progress.active))
    }

    /// Whether a queued run starts now: its workflow is unpaused and below `max_active_runs` (`runningRuns` counted
    /// under the workflow's slot lock).
    public static func starts(
        _ state: RunState, workflow: WorkflowDefinition, paused: Bool, runningRuns: Int
    ) -> Bool {
        state == .queued && !paused && runningRuns < workflow.maxActiveRuns
    }
}

extension RunDecision {
    /// A running run with `unfinished` tasks left.
    public static func stillRunning(unfinished count: Int) -> RunDecision {
        RunDecision(event: nil, state: .running, reason: "\(count) task\(count == 1 ? "" : "s") not finished yet")
    }
}
