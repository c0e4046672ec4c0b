import MLoopCore

/// How a try ended, as its worker reports it.
public enum TryOutcome: Sendable, Hashable {
    /// Exit code 0 (or the task's success): the pushed XComs and, for a branching task, the direct downstream tasks
    /// it chose (nil when it did not branch).
    case success(xcoms: [String: JSONValue], branch: [TaskID]?, exitCode: Int32)
    /// The task asked to be skipped (the documented exit code).
    case skipped(exitCode: Int32)
    /// The try failed; it is retried while tries are left.
    case failed(reason: String, exitCode: Int32?)
}
