import Foundation
import MLoopCore

/// A value a successful try pushed.
public struct XComRecord: Sendable, Hashable, Codable {
    public var runID: RunID
    public var taskID: TaskID
    public var key: String
    public var tryNumber: Int
    public var value: JSONValue
    public var createdAt: Date

    public init(runID: RunID, taskID: TaskID, key: String, tryNumber: Int, value: JSONValue, createdAt: Date) {
        self.runID = runID
        self.taskID = taskID
        self.key = key
        self.tryNumber = tryNumber
        self.value = value
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id"
        case taskID = "task_id"
        case key
        case tryNumber = "try_number"
        case value
        case createdAt = "created_at"
    }
}
