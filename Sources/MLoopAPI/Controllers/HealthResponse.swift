import Foundation
import Hummingbird
import MLoopStore

/// What `GET /api/v1/monitoring/health` returns: 200 when the database answers, 503 otherwise.
struct HealthResponse: Encodable {
    var status: String
    var database: String
    var engine: EngineHealth?
    var detail: String?

    enum CodingKeys: String, CodingKey {
        case status, database, detail
        case schemaVersion = "schema_version"
        case latestHeartbeats = "latest_heartbeats"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(status, forKey: .status)
        try container.encode(database, forKey: .database)
        try container.encodeIfPresent(detail, forKey: .detail)
        try container.encodeIfPresent(engine?.schemaVersion, forKey: .schemaVersion)
        try container.encodeIfPresent(engine?.latestHeartbeats, forKey: .latestHeartbeats)
    }
}
