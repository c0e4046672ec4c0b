import Foundation
import MLoopCore

/// One immutable version of a workflow; `sourceText` and `definition` only when a single version is read.
public struct WorkflowVersionRecord: Sendable, Hashable {
    public var workflowID: WorkflowID
    public var versionNumber: Int
    public var contentHash: String
    /// `file` or `api`: where the workflow's definitions come from.
    public var sourceKind: String
    /// The DAGs-file path (file workflows).
    public var filePath: String?
    public var sourceFormat: WorkflowSource.Format
    public var createdAt: Date
    /// Whether the scheduler uses this version now.
    public var isCurrent: Bool
    public var sourceText: String?
    public var definition: WorkflowDefinition?
}

/// What a rollback did: the version now current and the one it replaced.
public struct WorkflowRollback: Sendable, Hashable {
    public var workflowID: WorkflowID
    public var versionNumber: Int
    public var previousVersionNumber: Int?
}
