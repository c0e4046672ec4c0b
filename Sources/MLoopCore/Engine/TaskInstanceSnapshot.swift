import Foundation

/// One task instance of a run as the planner sees it: a plain copy of its row.
public struct TaskInstanceSnapshot: Hashable, Sendable {
    public var state: TaskInstanceState
    /// Tries begun so far, the current one included (`try_number`; 0 before the first try).
    public var triesSoFar: Int
    /// Tries allowed (`max_tries`).
    public var maxTries: Int
    /// When an `up_for_retry` instance may be tried again.
    public var nextTryAt: Date?
    /// For a finished branching task: the direct downstream tasks it chose to run. The others are skipped.
    public var branchChoice: Set<TaskID>?

    public init(
        state: TaskInstanceState, triesSoFar: Int = 0, maxTries: Int = 1, nextTryAt: Date? = nil,
        branchChoice: Set<TaskID>? = nil
    ) {
        self.state = state
        self.triesSoFar = triesSoFar
        self.maxTries = maxTries
        self.nextTryAt = nextTryAt
        self.branchChoice = branchChoice
    }
}
