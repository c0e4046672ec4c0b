import Foundation
import MLoopCore

/// A backfill to perform: one run per schedule interval whose start lies in [start, end].
public struct BackfillRequest: Sendable, Hashable {
    public var workflowID: WorkflowID
    public var start: Date
    public var end: Date
    public var conf: [String: JSONValue]
    /// Clear the failed tasks (and their downstream) of failed runs already in the range.
    public var reprocessFailed: Bool
    /// Report what would happen and write nothing.
    public var dryRun: Bool

    public init(
        workflowID: WorkflowID, start: Date, end: Date, conf: [String: JSONValue] = [:], reprocessFailed: Bool = false,
        dryRun: Bool = false
    ) {
        self.workflowID = workflowID
        self.start = start
        self.end = end
        self.conf = conf
        self.reprocessFailed = reprocessFailed
        self.dryRun = dryRun
    }
}

/// What a backfill did (or, dry, would do) for one interval.
public struct BackfillOutcome: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable {
        /// A new run was (or would be) created.
        case created
        /// A run for this logical date exists and was left as it is.
        case existing
        /// A failed run exists; its failed tasks were (or would be) cleared.
        case reprocessed
    }

    public var interval: DataInterval
    public var action: Action
    /// The run, once it exists (nil for a dry run's new interval).
    public var run: RunRecord?
    /// The tasks cleared by `reprocessed`.
    public var clearedTasks: [TaskID]

    enum CodingKeys: String, CodingKey {
        case interval = "data_interval"
        case action, run
        case clearedTasks = "cleared_tasks"
    }
}
