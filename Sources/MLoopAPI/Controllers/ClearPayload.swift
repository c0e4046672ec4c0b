import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// The body of `POST /jobs/{id}/tasks/{task_id}/clear`; optional.
struct ClearPayload: Decodable, KnownFields {
    static var fieldNames: [String] { ["downstream"] }
    var downstream: Bool?

    init() {}
}
