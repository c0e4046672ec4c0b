import Foundation
import MLoopCore
import MLoopStore

/// A run ("job" in seed 002's words) as the API returns it: the run's fields plus `id`, and for the detail its task
/// instances and tries.
struct JobResponse: Encodable {
    var run: RunRecord
    var detail: RunDetail?

    enum CodingKeys: String, CodingKey {
        case id
        case taskInstances = "task_instances"
        case tries
    }

    func encode(to encoder: any Encoder) throws {
        try run.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(run.runID, forKey: .id)
        if let detail {
            try container.encode(detail.taskInstances, forKey: .taskInstances)
            try container.encode(detail.tries, forKey: .tries)
        }
    }
}

/// One try's log, from `offset` on.
struct LogResponse: Encodable {
    var jobID: RunID
    var taskName: TaskID
    var tryNumber: Int
    var state: TaskInstanceState
    var content: String
    var offset: Int64
    var nextOffset: Int64

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case taskName = "task_name"
        case tryNumber = "try_number"
        case state, content, offset
        case nextOffset = "next_offset"
    }
}
