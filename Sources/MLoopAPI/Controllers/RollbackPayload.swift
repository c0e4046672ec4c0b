import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// The body of `POST /workflows/{id}/rollback`.
struct RollbackPayload: Decodable, KnownFields {
    static var fieldNames: [String] { ["version"] }
    var version: Int
}
