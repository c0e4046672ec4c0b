import Foundation
import MLoopCore

/// Which workflows `GET /api/v1/workflows/` lists; nil means no restriction.
public struct WorkflowListFilter: Sendable, Hashable {
    public var paused: Bool?
    /// `api` or `file`.
    public var sourceKind: String?
    /// Matches when the id or the description contains it, ignoring case.
    public var text: String?

    public init(paused: Bool? = nil, sourceKind: String? = nil, text: String? = nil) {
        self.paused = paused
        self.sourceKind = sourceKind
        self.text = text
    }
}

/// A listed workflow with its current definition (nil before the first deploy) without its tasks, for scheduling
/// details.
public struct WorkflowListItem: Sendable, Hashable {
    public var record: APIWorkflowRecord
    public var definition: WorkflowDefinition?
}
