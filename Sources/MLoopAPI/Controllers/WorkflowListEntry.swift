import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// One item of the workflow list: seed 002's fields plus `next_run_at`, `next_logical_date` and `last_runs`.
struct WorkflowListEntry: Encodable {
    var workflow: WorkflowResponse
    var nextRun: DataInterval?
    var lastRuns: [RunSummary]

    enum CodingKeys: String, CodingKey {
        case nextRunAt = "next_run_at"
        case nextLogicalDate = "next_logical_date"
        case lastRuns = "last_runs"
    }

    func encode(to encoder: any Encoder) throws {
        try workflow.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        // The run of an interval is created when the interval ends.
        try container.encode(nextRun?.end, forKey: .nextRunAt)
        try container.encode(nextRun?.start, forKey: .nextLogicalDate)
        try container.encode(lastRuns, forKey: .lastRuns)
    }
}
