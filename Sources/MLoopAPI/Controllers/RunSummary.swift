import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// A run in a few fields, for lists of workflows.
struct RunSummary: Encodable {
    var runID: RunID
    var state: RunState
    var runType: RunType
    var logicalDate: Date

    init(_ run: RunRecord) {
        runID = run.runID
        state = run.state
        runType = run.runType
        logicalDate = run.logicalDate
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id"
        case state
        case runType = "run_type"
        case logicalDate = "logical_date"
    }
}
