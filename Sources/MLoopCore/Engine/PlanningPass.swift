import Foundation

/// One pass of the run planner over a running run's tasks, in topological order, so that a decision made for a
/// task is seen by its downstream tasks in the same pass.
struct PlanningPass {
    let snapshot: RunSnapshot
    let graph: WorkflowGraph
    let now: Date
    /// Each task's state as decided so far in this pass.
    private(set) var states: [TaskID: TaskInstanceState]
    private(set) var decisions: [TaskDecision] = []
    private(set) var waiting: [TaskID: WaitReason] = [:]
    /// Worker slots left under the workflow's `max_active_tasks`.
    private var freeSlots: Int

    init(snapshot: RunSnapshot, graph: WorkflowGraph, now: Date) {
        self.snapshot = snapshot
        self.graph = graph
        self.now = now
        states = Dictionary(uniqueKeysWithValues: graph.order.map { ($0, snapshot.instance($0).state) })
        freeSlots = max(0, snapshot.workflow.maxActiveTasks - snapshot.activeTasksInWorkflow)
    }

    mutating func run() {
        removeVanishedTasks()
        for task in graph.order { visit(task) }
    }

    private mutating func visit(_ task: TaskID) {
        let instance = snapshot.instance(task)
        switch instance.state {
        case .pending:
            settlePending(task)
        case .scheduled:
            makeReady(task, [], reason: "scheduled earlier")
        case .upForRetry:
            let due = instance.nextTryAt ?? now
            if due > now {
                waiting[task] = .retryNotDue(retry: instance.triesSoFar, of: instance.maxTries - 1, at: due)
            } else {
                let retry = "retry \(instance.triesSoFar) of \(instance.maxTries - 1)"
                makeReady(task, [.retryDue], reason: "\(retry) due since \(Timestamp.format(due))")
            }
        case .queued:
            waiting[task] = .waitingForWorker
        case .running, .success, .failed, .upstreamFailed, .skipped, .removed:
            break
        }
    }

    private mutating func settlePending(_ task: TaskID) {
        if let reason = branchSkipReason(task) {
            decide(task, [.skipped], reason: reason)
            return
        }
        let upstream = graph.upstream[task, default: []].map { (task: $0, state: states[$0] ?? .pending) }
        let rule = snapshot.workflow.task(task)?.triggerRule ?? .allSuccess
        switch TriggerRuleEvaluator.evaluate(rule, upstream: upstream) {
        case .run:
            let reason = upstream.isEmpty ? "no upstream tasks" : "trigger rule '\(rule.rawValue)' met"
            makeReady(task, [.dependenciesMet], reason: reason)
        case .skip(let reason):
            decide(task, [.skipped], reason: reason)
        case .upstreamFailed(let reason):
            decide(task, [.upstreamFailed], reason: reason)
        case .wait(let reason):
            waiting[task] = .upstream(reason)
        }
    }

    // Airflow's branch operators skip the direct downstream tasks they did not choose, except those also
    // downstream of a chosen task (`SkipMixin.skip_all_except`), whatever their trigger rule.
    private func branchSkipReason(_ task: TaskID) -> String? {
        for parent in graph.upstream[task, default: []] where states[parent] == .success {
            guard let choice = snapshot.instance(parent).branchChoice else { continue }
            if choice.contains(task) || graph.descendants(of: choice).contains(task) { continue }
            let chosen = choice.isEmpty ? "no task" : choice.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return "branch '\(parent)' chose \(chosen)"
        }
        return nil
    }

    // Ready tasks take worker slots in topological order (upstream first, then as written).
    private mutating func makeReady(_ task: TaskID, _ events: [TaskInstanceTransition], reason: String) {
        if freeSlots > 0 {
            freeSlots -= 1
            decide(task, events + [.queued], reason: "\(reason); queued")
            waiting[task] = .waitingForWorker
        } else {
            let full = WaitReason.maxActiveTasks(
                limit: snapshot.workflow.maxActiveTasks, workflow: snapshot.workflow.id)
            if !events.isEmpty { decide(task, events, reason: "\(reason); \(full)") }
            waiting[task] = full
        }
    }

    // Instances whose task is not in the run's workflow version are marked removed unless they are running.
    private mutating func removeVanishedTasks() {
        let known = Set(graph.order)
        for (task, instance) in snapshot.instances.sorted(by: { $0.key < $1.key }) where !known.contains(task) {
            guard instance.state.allows(.removedFromWorkflow) else { continue }
            decide(task, [.removedFromWorkflow], reason: "task '\(task)' is not in this workflow version")
        }
    }

    // Every decision's events go through the one transition table; an illegal chain is a planner bug.
    private mutating func decide(_ task: TaskID, _ events: [TaskInstanceTransition], reason: String) {
        let instance = snapshot.instance(task)
        var state = instance.state
        for event in events {
            switch state.apply(event, triesSoFar: instance.triesSoFar, maxTries: instance.maxTries) {
            case .success(let next): state = next
            case .failure(let error): preconditionFailure("run planner chose an illegal transition: \(error)")
            }
        }
        states[task] = state
        decisions.append(TaskDecision(task: task, from: instance.state, events: events, to: state, reason: reason))
    }
}
