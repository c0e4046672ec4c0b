import Foundation
import MLoopCore
import MLoopStore

/// What the event hub hands its subscribers.
enum LiveEvent: Sendable, Hashable {
    /// A run or task instance was created or changed state.
    case change(StateChange)
    /// A log chunk of this try was stored.
    case log(TryRef)
    /// Events may have been missed (the LISTEN connection was re-established, or this subscriber fell behind):
    /// re-read the state.
    case resync
    /// Nothing happened for a while; streams send a comment so proxies and clients keep the connection.
    case keepAlive
}

/// The JSON a row trigger of migration 0005 sends on `mloop_events`, and what `event: run|task` carries.
struct StateChange: Sendable, Hashable, Codable {
    var kind: String
    var runID: Int64
    var workflowID: String
    var taskID: String?
    var state: String
    var tryNumber: Int?

    enum CodingKeys: String, CodingKey {
        case kind, state
        case runID = "run_id"
        case workflowID = "workflow_id"
        case taskID = "task_id"
        case tryNumber = "try_number"
    }

    /// Parses a NOTIFY payload; nil when it is not one of ours.
    init?(payload: String) {
        guard let value = try? JSONDecoder().decode(StateChange.self, from: Data(payload.utf8)) else { return nil }
        self = value
    }
}

extension TryRef {
    /// Parses a `mloop_logs` payload `run_id:task_id:try_number` (task ids cannot contain ':' but we split
    /// from both ends anyway).
    init?(logPayload payload: String) {
        guard let first = payload.firstIndex(of: ":"), let last = payload.lastIndex(of: ":"), first < last,
            let run = Int64(payload[..<first]), let tryNumber = Int(payload[payload.index(after: last)...])
        else { return nil }
        self.init(
            runID: RunID(run), taskID: TaskID(String(payload[payload.index(after: first)..<last])),
            tryNumber: tryNumber)
    }
}
