import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// What a rollback did.
struct RollbackResponse: Encodable {
    var id: WorkflowID
    var version: Int
    var previousVersion: Int?

    enum CodingKeys: String, CodingKey {
        case id, version
        case previousVersion = "previous_version"
    }
}
