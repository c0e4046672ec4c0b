import MLoopCore

/// One try of one task instance: what workers report against.
public struct TryRef: Hashable, Sendable, Codable, CustomStringConvertible {
    public var runID: RunID
    public var taskID: TaskID
    /// 1 for the first try.
    public var tryNumber: Int

    public init(runID: RunID, taskID: TaskID, tryNumber: Int) {
        self.runID = runID
        self.taskID = taskID
        self.tryNumber = tryNumber
    }

    /// `run 12, task 'train', try 2`.
    public var description: String { "run \(runID), task '\(taskID)', try \(tryNumber)" }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id"
        case taskID = "task_id"
        case tryNumber = "try_number"
    }
}
