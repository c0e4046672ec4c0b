/// What a pending task's trigger rule says, given the states of its direct upstream tasks.
public enum TriggerDecision: Hashable, Sendable {
    /// Not decidable yet; the reason says what it waits for.
    case wait(String)
    /// The rule is met: schedule the task.
    case run
    /// The rule can no longer be met in a way that runs the task: mark it skipped.
    case skip(String)
    /// The rule can no longer be met because something upstream failed: mark it upstream_failed.
    case upstreamFailed(String)

    /// The reason in words (`run` has none beyond "trigger rule met").
    public var reason: String {
        switch self {
        case .wait(let reason), .skip(let reason), .upstreamFailed(let reason): reason
        case .run: "trigger rule met"
        }
    }
}
