import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// The body of `POST /jobs/{id}/tasks/{task_id}/mark`.
struct MarkPayload: Decodable, KnownFields {
    static var fieldNames: [String] { ["state"] }
    var state: String
}
