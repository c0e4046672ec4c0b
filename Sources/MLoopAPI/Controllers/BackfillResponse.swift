import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// What a backfill did: counts and one entry per interval.
struct BackfillResponse: Encodable {
    var dryRun: Bool
    var outcomes: [BackfillOutcome]

    enum CodingKeys: String, CodingKey {
        case dryRun = "dry_run"
        case intervals, created, existing, reprocessed, runs
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(outcomes.count, forKey: .intervals)
        try container.encode(outcomes.filter { $0.action == .created }.count, forKey: .created)
        try container.encode(outcomes.filter { $0.action == .existing }.count, forKey: .existing)
        try container.encode(outcomes.filter { $0.action == .reprocessed }.count, forKey: .reprocessed)
        try container.encode(outcomes, forKey: .runs)
    }
}
