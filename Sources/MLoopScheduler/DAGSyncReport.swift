import MLoopCore
import MLoopStore

/// What one pass over the DAGs folder did, file by file.
public struct DAGSyncReport: Sendable {
    public enum FileOutcome: Sendable, Hashable {
        /// Content hash as recorded: nothing read beyond the bytes, nothing written.
        case unchanged
        case stored([WorkflowChange])
        case failed([ValidationIssue])
        case removed(deactivated: [WorkflowID])
    }

    public var outcomes: [(path: String, outcome: FileOutcome)] = []
    /// A problem with the folder itself (e.g. it does not exist); no file was forgotten because of it.
    public var folderProblem: String?

    public var changedFiles: Int { outcomes.filter { $0.outcome != .unchanged }.count }
    public var failedFiles: Int {
        outcomes.filter { if case .failed = $0.outcome { true } else { false } }.count
    }
}
