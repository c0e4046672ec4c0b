import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// A task instance as `GET /jobs/{id}/tasks` returns it: its fields, plus why it waits when it does.
struct TaskInstanceResponse: Encodable {
    var runID: RunID
    var instance: TaskInstanceRecord
    var waitingReason: String?

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case waitingReason = "waiting_reason"
    }

    func encode(to encoder: any Encoder) throws {
        try instance.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(runID, forKey: .jobID)
        try container.encode(waitingReason, forKey: .waitingReason)
    }
}
