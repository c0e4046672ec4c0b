import Foundation
import MLoopCore

/// A try a worker claimed, with everything it needs to launch it.
public struct ClaimedTry: Sendable, Hashable {
    public var ref: TryRef
    public var workflowID: WorkflowID
    public var task: TaskDefinition
    /// Its direct downstream tasks: the only ones a branching task may choose.
    public var downstream: [TaskID]
    public var maxTries: Int
    public var runType: RunType
    public var logicalDate: Date
    public var dataInterval: DataInterval?
    public var conf: [String: JSONValue]
    /// The workflow's params, overridden by the task's, overridden by the run's conf (Airflow's
    /// `dag_run_conf_overrides_params`).
    public var params: [String: JSONValue]
    /// Every XCom of the run so far.
    public var xcoms: [XComRecord]
}
