import Foundation
import MLoopCore

/// A run to create: by the scheduler (scheduled), a trigger (manual) or a backfill.
public struct NewRun: Sendable, Hashable {
    public var workflowID: WorkflowID
    public var runType: RunType
    public var logicalDate: Date
    public var dataInterval: DataInterval?
    public var conf: [String: JSONValue]
    /// A note shown with the run (say, why it was triggered).
    public var note: String?

    public init(
        workflowID: WorkflowID, runType: RunType, logicalDate: Date, dataInterval: DataInterval? = nil,
        conf: [String: JSONValue] = [:], note: String? = nil
    ) {
        self.workflowID = workflowID
        self.runType = runType
        self.logicalDate = logicalDate
        self.dataInterval = dataInterval
        self.conf = conf
        self.note = note
    }
}
