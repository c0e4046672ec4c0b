import Foundation
import MLoopCore

/// A workflow as the HTTP API shows it: an API-authored draft (with its fields as last edited) or a workflow from a
/// DAGs file (read-only over the API).
public struct APIWorkflowRecord: Sendable, Hashable {
    public var workflowID: WorkflowID
    public var description: String?
    /// As written: a preset, a cron expression, `@once` or nil.
    public var schedule: String?
    /// Seed 002's `is_active`: the workflow is not paused.
    public var isActive: Bool
    /// `file` or `api`.
    public var sourceKind: String
    public var filePath: String?
    /// The deployed version the scheduler uses; nil for a draft never deployed.
    public var versionNumber: Int?
    public var createdAt: Date
    public var updatedAt: Date

    /// Whether the API may change it (only workflows authored through the API).
    public var isEditable: Bool { sourceKind == "api" }
}

/// The fields of a new API workflow (seed 002's `POST /api/v1/workflows/`).
public struct NewAPIWorkflow: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var schedule: String?
    public var isActive: Bool

    public init(name: String, description: String?, schedule: String?, isActive: Bool) {
        self.name = name
        self.description = description
        self.schedule = schedule
        self.isActive = isActive
    }
}

/// A partial update of an API workflow: nil leaves a field as it is. `clearDescription`/`clearSchedule` set it to
/// nothing (JSON null).
public struct APIWorkflowChanges: Sendable, Hashable {
    public var description: String??
    public var schedule: String??
    public var isActive: Bool?

    public init(description: String?? = nil, schedule: String?? = nil, isActive: Bool? = nil) {
        self.description = description
        self.schedule = schedule
        self.isActive = isActive
    }
}
