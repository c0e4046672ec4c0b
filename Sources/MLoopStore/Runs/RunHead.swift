import Foundation
import MLoopCore

/// A run row as planning and operations read it.
struct RunHead {
    var id: RunID
    var workflowID: WorkflowID
    var versionID: Int64
    var state: RunState
    var queuedAt: Date
    var startedAt: Date?
    var workflowPaused: Bool
    var logicalDate: Date
}
