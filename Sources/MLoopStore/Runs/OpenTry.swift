import Foundation
import MLoopCore

/// A running try as `finishTry` and `failStaleTries` read it, its task instance locked.
struct OpenTry {
    var ref: TryRef
    var instanceState: TaskInstanceState
    var instanceTry: Int
    var maxTries: Int
    var tryState: TaskTryState?
    var versionID: Int64
    var workflowID: WorkflowID
    var logicalDate: Date

    /// Still the instance's current running try: anything else was ended meanwhile and must not be recorded.
    var isCurrent: Bool { instanceState == .running && instanceTry == ref.tryNumber && tryState == .running }
}
