import Foundation
import MLoopCore

/// A workflow as listed by `mloop dags list` and the API.
public struct WorkflowSummary: Sendable, Hashable, Codable {
    public var workflowID: WorkflowID
    public var description: String?
    public var schedule: String?
    public var timezone: String
    public var isPaused: Bool
    public var isActive: Bool
    /// `file` or `api`.
    public var sourceKind: String
    public var filePath: String?
    public var versionNumber: Int?
    public var contentHash: String?
    public var taskCount: Int
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case workflowID = "workflow_id"
        case description, schedule, timezone
        case isPaused = "is_paused"
        case isActive = "is_active"
        case sourceKind = "source_kind"
        case filePath = "file_path"
        case versionNumber = "version_number"
        case contentHash = "content_hash"
        case taskCount = "task_count"
        case updatedAt = "updated_at"
    }
}

/// A file of the DAGs folder that failed to load, with every problem found in it.
public struct ImportErrorRecord: Sendable, Hashable, Codable {
    public var filePath: String
    public var message: String
    public var issues: [ValidationIssue]
    public var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case filePath = "file_path"
        case message, issues
        case createdAt = "created_at"
    }
}

/// What the store last recorded about one file of the DAGs folder.
public struct StoredDAGFile: Sendable, Hashable {
    public var filePath: String
    public var contentHash: String?
    public var workflowIDs: [WorkflowID]
    public var hasImportError: Bool
}
