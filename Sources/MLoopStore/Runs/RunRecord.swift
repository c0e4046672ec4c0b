import Foundation
import MLoopCore

/// One run of a workflow as the CLI and API show it.
public struct RunRecord: Sendable, Hashable, Codable {
    public var runID: RunID
    public var workflowID: WorkflowID
    /// The workflow version the run is pinned to.
    public var versionNumber: Int
    public var runType: RunType
    public var state: RunState
    public var logicalDate: Date
    public var dataInterval: DataInterval?
    public var conf: [String: JSONValue]
    /// Why the run failed when a timeout, a mark or an operator failed it.
    public var note: String?
    public var createdAt: Date
    public var queuedAt: Date
    public var startedAt: Date?
    public var endedAt: Date?

    enum CodingKeys: String, CodingKey {
        case runID = "run_id"
        case workflowID = "workflow_id"
        case versionNumber = "version_number"
        case runType = "run_type"
        case state
        case logicalDate = "logical_date"
        case dataInterval = "data_interval"
        case conf, note
        case createdAt = "created_at"
        case queuedAt = "queued_at"
        case startedAt = "started_at"
        case endedAt = "ended_at"
    }
}
