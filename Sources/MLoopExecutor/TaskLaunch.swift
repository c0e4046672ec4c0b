import Foundation
import MLoopCore

/// Everything needed to launch one try of one task.
public struct TaskLaunch: Sendable {
    public var workflowID: WorkflowID
    public var runID: Int64
    public var taskID: TaskID
    /// 1 for the first try.
    public var tryNumber: Int
    public var maxTries: Int
    public var action: TaskAction
    public var logicalDate: Date
    public var dataIntervalStart: Date?
    public var dataIntervalEnd: Date?
    /// Workflow params < task params < run conf, already merged.
    public var params: [String: JSONValue]
    /// The run's conf as given at trigger.
    public var conf: [String: JSONValue]
    /// The task's own environment, added on top of the worker's.
    public var env: [String: String]
    /// Task id → key → value: the XComs pushed so far in this run.
    public var upstreamXComs: [String: [String: JSONValue]]
    /// `python` and `swift` file paths are relative to this folder.
    public var dagsFolder: String
    /// A try running longer than this has its whole process tree killed.
    public var timeout: Duration?
    /// Other tags the task's stdout uses for progress and metadata lines (an existing trainer's protocol).
    public var outputProtocol: OutputProtocol?

    public init(
        workflowID: WorkflowID,
        runID: Int64,
        taskID: TaskID,
        tryNumber: Int = 1,
        maxTries: Int = 1,
        action: TaskAction,
        logicalDate: Date,
        dataIntervalStart: Date? = nil,
        dataIntervalEnd: Date? = nil,
        params: [String: JSONValue] = [:],
        conf: [String: JSONValue] = [:],
        env: [String: String] = [:],
        upstreamXComs: [String: [String: JSONValue]] = [:],
        dagsFolder: String,
        timeout: Duration? = nil,
        outputProtocol: OutputProtocol? = nil
    ) {
        self.workflowID = workflowID
        self.runID = runID
        self.taskID = taskID
        self.tryNumber = tryNumber
        self.maxTries = maxTries
        self.action = action
        self.logicalDate = logicalDate
        self.dataIntervalStart = dataIntervalStart
        self.dataIntervalEnd = dataIntervalEnd
        self.params = params
        self.conf = conf
        self.env = env
        self.upstreamXComs = upstreamXComs
        self.dagsFolder = dagsFolder
        self.timeout = timeout
        self.outputProtocol = outputProtocol
    }
}
