import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// `GET /workflows/{id}/versions/{a}/diff/{b}`: the unified diff of the two versions' sources and its hunks.
struct VersionDiffResponse: Encodable {
    var from: Int
    var to: Int
    var diff: String
    var hunks: [LineDiff.Hunk]
}
