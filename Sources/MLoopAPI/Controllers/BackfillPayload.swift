import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// The body of `POST /workflows/{id}/backfill`.
struct BackfillPayload: Decodable, KnownFields {
    static var fieldNames: [String] { ["start", "end", "conf", "reprocess_failed", "dry_run"] }

    var start: String
    var end: String
    var conf: [String: JSONValue]?
    var reprocessFailed: Bool?
    var dryRun: Bool?

    enum CodingKeys: String, CodingKey {
        case start, end, conf
        case reprocessFailed = "reprocess_failed"
        case dryRun = "dry_run"
    }

    func request(_ id: WorkflowID) throws -> BackfillRequest {
        func date(_ text: String, _ field: String) throws -> Date {
            guard let date = DateText.parse(text, in: .gmt) else {
                throw APIError.badRequest("field '\(field)' is not a date: \(DateText.formsHint)")
            }
            return date
        }
        return BackfillRequest(
            workflowID: id, start: try date(start, "start"), end: try date(end, "end"), conf: conf ?? [:],
            reprocessFailed: reprocessFailed ?? false, dryRun: dryRun ?? false)
    }
}
