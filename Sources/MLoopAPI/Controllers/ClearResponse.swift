import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// The tasks a clear reset to pending.
struct ClearResponse: Encodable {
    var jobID: RunID
    var cleared: [TaskID]

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case cleared
    }
}
