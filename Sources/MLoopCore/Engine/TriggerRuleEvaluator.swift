/// Decides whether a pending task runs, is skipped or is upstream_failed, from its trigger rule and the states of
/// its direct upstream tasks. Mirrors Airflow 3's `TriggerRuleDep` for tasks that are not mapped and not
/// setup/teardown: first the rule may settle the task (skip or upstream_failed), then it may let it run.
public enum TriggerRuleEvaluator {
    /// The decision for `rule` given the states of the direct upstream tasks, in any order.
    public static func evaluate(_ rule: TriggerRule, upstreamStates: [TaskInstanceState]) -> TriggerDecision {
        evaluate(rule, summary: UpstreamSummary(upstreamStates.map { (task: nil, state: $0) }))
    }

    /// The decision for `rule` given the direct upstream tasks and their states; reasons name the tasks.
    public static func evaluate(
        _ rule: TriggerRule, upstream: [(task: TaskID, state: TaskInstanceState)]
    ) -> TriggerDecision {
        evaluate(rule, summary: UpstreamSummary(upstream.map { (task: $0.task, state: $0.state) }))
    }

    static func evaluate(_ rule: TriggerRule, summary: UpstreamSummary) -> TriggerDecision {
        if summary.total == 0 || rule == .always { return .run }
        if let settled = settle(rule, summary) { return settled }
        return isMet(rule, summary) ? .run : wait(rule, summary)
    }

    private static let failedStates: Set<TaskInstanceState> = [.failed, .upstreamFailed]

    // Airflow's `flag_upstream_failed` branch: the states a rule settles a task in before it could run.
    private static func settle(_ rule: TriggerRule, _ s: UpstreamSummary) -> TriggerDecision? {
        let name = "'\(rule.rawValue)'"
        switch rule {
        case .allSuccess, .noneFailed, .noneFailedMinOneSuccess:
            if s.anyFailed { return .upstreamFailed("\(s.first(in: failedStates)) (trigger rule \(name))") }
            if rule == .allSuccess, s.skipped > 0 {
                return .skip("\(s.first(in: [.skipped])) (trigger rule \(name))")
            }
            if rule == .noneFailedMinOneSuccess, s.skipped == s.total {
                return .skip("every upstream task was skipped (trigger rule \(name))")
            }
        case .allFailed:
            if s.success > 0 || s.skipped > 0 {
                return .skip("\(s.first(in: [.success, .skipped])) (trigger rule \(name))")
            }
        case .oneSuccess:
            if s.allDone, s.done == s.skipped { return .skip("every upstream task was skipped (trigger rule \(name))") }
            if s.allDone, s.success == 0 {
                return .upstreamFailed("every upstream task finished and none succeeded (trigger rule \(name))")
            }
        case .oneFailed:
            if s.allDone, !s.anyFailed {
                return .skip("every upstream task finished and none failed (trigger rule \(name))")
            }
        case .oneDone:
            if s.allDone, s.failed == 0, s.success == 0 {
                return .skip("every upstream task finished and none succeeded or failed (trigger rule \(name))")
            }
        case .noneSkipped:
            if s.skipped > 0 { return .skip("\(s.first(in: [.skipped])) (trigger rule \(name))") }
        case .allSkipped:
            if s.success > 0 || s.anyFailed {
                return .skip("\(s.first(in: [.success, .failed, .upstreamFailed])) (trigger rule \(name))")
            }
        case .allDoneMinOneSuccess:
            // Airflow skips as soon as any upstream is skipped, without waiting for the rest.
            if s.skipped > 0 { return .skip("\(s.first(in: [.skipped])) (trigger rule \(name))") }
            if s.allDone, s.success == 0 {
                return .upstreamFailed("every upstream task finished and none succeeded (trigger rule \(name))")
            }
        case .allDone, .always:
            break
        }
        return nil
    }

    // Airflow's pass conditions, evaluated once `settle` has not settled the task.
    private static func isMet(_ rule: TriggerRule, _ s: UpstreamSummary) -> Bool {
        switch rule {
        case .allSuccess: s.success == s.total
        case .allFailed: s.failed + s.upstreamFailed == s.total
        case .allDone: s.allDone
        case .allDoneMinOneSuccess: s.allDone && s.success > 0
        case .allSkipped: s.skipped == s.total
        case .oneSuccess: s.success > 0
        case .oneFailed: s.anyFailed
        case .oneDone: s.success + s.failed > 0
        case .noneFailed, .noneFailedMinOneSuccess: s.success + s.skipped == s.total
        case .noneSkipped: s.allDone && s.skipped == 0
        case .always: true
        }
    }

    private static func wait(_ rule: TriggerRule, _ s: UpstreamSummary) -> TriggerDecision {
        if !s.unfinished.isEmpty { return .wait(s.waitingReason) }
        // Every upstream finished and the rule is neither met nor settled: only `removed` upstreams do this.
        let states = s.finished.map(UpstreamSummary.describe).joined(separator: ", ")
        return .wait("trigger rule '\(rule.rawValue)' cannot be met: \(states)")
    }
}
