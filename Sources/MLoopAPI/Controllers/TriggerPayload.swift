import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// The body of `POST /workflows/{id}/runs` and `POST /jobs/trigger/{workflow_id}`; all optional.
struct TriggerPayload: Decodable, KnownFields {
    static var fieldNames: [String] { ["conf", "logical_date", "note"] }

    var conf: [String: JSONValue]?
    var logicalDate: String?
    var note: String?

    init() {}

    enum CodingKeys: String, CodingKey {
        case conf, note
        case logicalDate = "logical_date"
    }
}
