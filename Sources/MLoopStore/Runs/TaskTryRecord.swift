import Foundation
import MLoopCore

/// One try of a task instance: its own times, worker, exit code and log size.
public struct TaskTryRecord: Sendable, Hashable, Codable {
    public var taskID: TaskID
    public var tryNumber: Int
    public var state: TaskTryState
    public var workerID: String?
    public var hostname: String?
    public var queuedAt: Date
    public var startedAt: Date?
    public var endedAt: Date?
    public var heartbeatAt: Date?
    public var exitCode: Int32?
    public var error: String?
    public var logBytes: Int64

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id"
        case tryNumber = "try_number"
        case state
        case workerID = "worker_id"
        case hostname
        case queuedAt = "queued_at"
        case startedAt = "started_at"
        case endedAt = "ended_at"
        case heartbeatAt = "heartbeat_at"
        case exitCode = "exit_code"
        case error
        case logBytes = "log_bytes"
    }
}
