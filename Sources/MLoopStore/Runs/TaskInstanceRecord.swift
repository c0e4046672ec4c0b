import Foundation
import MLoopCore

/// One task instance of a run as the CLI and API show it.
public struct TaskInstanceRecord: Sendable, Hashable, Codable {
    public var taskID: TaskID
    public var state: TaskInstanceState
    /// The current (or last) try; 0 before the first.
    public var tryNumber: Int
    public var maxTries: Int
    public var nextTryAt: Date?
    public var queuedAt: Date?
    public var startedAt: Date?
    public var endedAt: Date?
    /// Latest values reported through the progress/metadata line protocol.
    public var progress: JSONValue?
    public var metadata: JSONValue?
    public var branchChoice: [TaskID]?

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case state
        case tryNumber = "try_number"
        case maxTries = "max_tries"
        case nextTryAt = "next_try_at"
        case queuedAt = "queued_at"
        case startedAt = "started_at"
        case endedAt = "ended_at"
        case progress, metadata
        case branchChoice = "branch_choice"
    }
}
