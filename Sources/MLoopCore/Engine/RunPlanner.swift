import Foundation

/// Decides, for one run, which tasks move on and what state the run ends up in. Pure: it reads a snapshot and
/// `now` and returns decisions with reasons; the caller applies them in one transaction, each guarded by the
/// state it was decided in.
public enum RunPlanner {
    /// The plan for `snapshot` at `now`.
    ///
    /// Only a running run of an unpaused workflow is planned. In one pass, in topological order: pending tasks
    /// are settled by branch choices and trigger rules (so a failure marks a whole downstream chain at once),
    /// due retries are rescheduled, and ready tasks are queued while the workflow is below `max_active_tasks`.
    /// The run then succeeds when every task finished and no leaf failed, fails when every task finished and a
    /// leaf is failed or upstream_failed, and fails when the tasks left can never run (Airflow's deadlock).
    /// `graph` must be `WorkflowGraph(snapshot.workflow)`; callers that plan often pass a cached one.
    public static func plan(_ snapshot: RunSnapshot, now: Date, graph: WorkflowGraph? = nil) -> RunPlan {
        let graph = graph ?? WorkflowGraph(snapshot.workflow)
        let held: WaitReason? =
            if snapshot.runState == .queued, let running = snapshot.runningRunsInWorkflow {
                .runQueued(running: running, limit: snapshot.workflow.maxActiveRuns)
            } else if snapshot.runState != .running {
                .runNotRunning(snapshot.runState)
            } else {
                snapshot.workflowPaused ? .workflowPaused(snapshot.workflow.id) : nil
            }
        if let held {
            var waiting: [TaskID: WaitReason] = [:]
            for task in graph.order where isWaiting(snapshot.instance(task).state) { waiting[task] = held }
            let run = RunDecision(event: nil, state: snapshot.runState, reason: held.description)
            return RunPlan(decisions: [], waiting: waiting, run: run)
        }
        var pass = PlanningPass(snapshot: snapshot, graph: graph, now: now)
        pass.run()
        let run = runDecision(graph: graph, states: pass.states, waiting: pass.waiting)
        return RunPlan(decisions: pass.decisions, waiting: pass.waiting, run: run)
    }

    /// Why `task` is where it is, in one sentence: what it waits for, what the planner is about to do with it,
    /// or that it is running or finished.
    public static func explain(_ task: TaskID, in snapshot: RunSnapshot, now: Date) -> String {
        let state = snapshot.instance(task).state
        guard snapshot.workflow.task(task) != nil || snapshot.instances[task] != nil else {
            return "workflow '\(snapshot.workflow.id)' has no task '\(task)'"
        }
        if state == .running { return "running" }
        if state.isFinished { return "finished: \(state.rawValue)" }
        let plan = plan(snapshot, now: now)
        if let reason = plan.waiting[task] { return reason.description }
        if let decision = plan.decision(for: task) { return "about to be \(decision.to.rawValue): \(decision.reason)" }
        return state.rawValue
    }

    private static func isWaiting(_ state: TaskInstanceState) -> Bool { !state.isFinished && state != .running }

    private static func runDecision(
        graph: WorkflowGraph, states: [TaskID: TaskInstanceState], waiting: [TaskID: WaitReason]
    ) -> RunDecision {
        let state = { (task: TaskID) in states[task] ?? .pending }
        let unfinished = graph.order.filter { !state($0).isFinished }
        if unfinished.isEmpty {
            // Airflow ignores removed leaves when deciding a run's outcome.
            let failedLeaf = graph.leaves.first { [.failed, .upstreamFailed].contains(state($0)) }
            if let failedLeaf {
                return finish(.failed, "leaf task '\(failedLeaf)' is \(state(failedLeaf).rawValue)")
            }
            return finish(.succeeded, "every task finished and no leaf task failed")
        }
        if unfinished.allSatisfy({ state($0) == .pending }) {
            let stuck = unfinished.prefix(3).map { "'\($0)' (\(waiting[$0]?.description ?? "pending"))" }
            return finish(.failed, "no task can make progress: " + stuck.joined(separator: "; "))
        }
        return .stillRunning(unfinished: unfinished.count)
    }

    private static func finish(_ event: RunTransition, _ reason: String) -> RunDecision {
        guard case .success(let state) = RunState.running.apply(event) else {
            preconditionFailure("run planner chose an illegal run transition '\(event.name)'")
        }
        return RunDecision(event: event, state: state, reason: reason)
    }
}
