import MLoopCore

/// A run with its task instances (in the workflow's topological order) and every try.
public struct RunDetail: Sendable, Hashable, Codable {
    public var run: RunRecord
    public var taskInstances: [TaskInstanceRecord]
    /// Every try of the run, by task then try number.
    public var tries: [TaskTryRecord]

    enum CodingKeys: String, CodingKey {
        case run
        case taskInstances = "task_instances"
        case tries
    }
}
