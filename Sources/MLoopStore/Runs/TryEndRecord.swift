import Foundation
import MLoopCore

/// How a try ends: the instance's transition and what the try row records.
struct TryEndRecord {
    var event: TaskInstanceTransition
    var exitCode: Int32?
    var error: String? = nil
    var branch: [TaskID]? = nil
    /// A success's XComs (replacing the task's earlier ones); nil for other ends.
    var xcoms: [String: JSONValue]? = nil
    /// The upstream XComs the try read, whatever its end.
    var pulls: [XComPull] = []

    /// The state the running try ends in: the try event `event` carries, from `TaskTryState`'s table.
    var tryState: TaskTryState {
        guard let tryEvent = TaskTryTransition(event), case .success(let state) = TaskTryState.running.apply(tryEvent)
        else { preconditionFailure("a try's end '\(event.name)' must end a running try") }
        return state
    }
}

extension TryEndRecord {
    /// The end a worker reported.
    init(_ outcome: TryOutcome) {
        switch outcome {
        case .success(let xcoms, let branch, let exitCode):
            self.init(event: .succeeded, exitCode: exitCode, branch: branch, xcoms: xcoms)
        case .skipped(let exitCode):
            self.init(event: .skipped, exitCode: exitCode)
        case .failed(let reason, let exitCode):
            self.init(event: .failed(retryable: true), exitCode: exitCode, error: reason)
        }
    }
}
