/// How many direct upstream task instances are in each finished state, with the ones still unfinished named.
/// The counts Airflow's `TriggerRuleDep` works from (`_UpstreamTIStates`).
struct UpstreamSummary {
    var total = 0
    var success = 0
    var skipped = 0
    var failed = 0
    var upstreamFailed = 0
    var removed = 0
    /// Upstream instances in a finished state (`removed` included, as in Airflow).
    var done = 0
    /// Upstream instances not finished yet, in upstream order, with their names when known.
    var unfinished: [(task: TaskID?, state: TaskInstanceState)] = []
    /// Finished upstream instances, in upstream order, for reasons.
    var finished: [(task: TaskID?, state: TaskInstanceState)] = []

    init(_ upstream: [(task: TaskID?, state: TaskInstanceState)]) {
        total = upstream.count
        for entry in upstream {
            switch entry.state {
            case .success: success += 1
            case .skipped: skipped += 1
            case .failed: failed += 1
            case .upstreamFailed: upstreamFailed += 1
            case .removed: removed += 1
            case .pending, .scheduled, .queued, .running, .upForRetry: break
            }
            if entry.state.isFinished {
                done += 1
                finished.append(entry)
            } else {
                unfinished.append(entry)
            }
        }
    }

    var allDone: Bool { done >= total }
    var anyFailed: Bool { failed > 0 || upstreamFailed > 0 }

    /// "upstream 'extract' failed": the first finished upstream in one of `states`, for reasons.
    func first(in states: Set<TaskInstanceState>) -> String {
        guard let entry = finished.first(where: { states.contains($0.state) }) else { return "an upstream task" }
        return Self.describe(entry)
    }

    /// "waiting for upstream 'extract' (running), 'load' (pending)".
    var waitingReason: String {
        let named = unfinished.compactMap { entry in entry.task.map { "'\($0)' (\(entry.state.rawValue))" } }
        guard named.count == unfinished.count, !named.isEmpty else {
            return "waiting for \(unfinished.count) of \(total) upstream tasks to finish"
        }
        let shown = named.prefix(3).joined(separator: ", ")
        return "waiting for upstream \(shown)" + (named.count > 3 ? " and \(named.count - 3) more" : "")
    }

    static func describe(_ entry: (task: TaskID?, state: TaskInstanceState)) -> String {
        let name = entry.task.map { "upstream '\($0)'" } ?? "an upstream task"
        return "\(name) is \(entry.state.rawValue)"
    }
}
