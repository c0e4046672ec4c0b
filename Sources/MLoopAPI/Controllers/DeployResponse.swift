import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// What `POST /api/v1/workflows/{id}/deploy` returns.
struct DeployResponse: Encodable {
    var id: WorkflowID
    /// The version now current.
    var version: Int
    /// False when the draft equals an earlier version, which became current again.
    var created: Bool
}
