import Foundation
import MLoopCore
import MLoopPostgres

/// Where one try stands, for following its log.
public struct TryStatus: Sendable, Hashable {
    /// The try's state: queued, running, success, failed or skipped.
    public var state: String
    /// Bytes of log stored so far; final once the try has finished.
    public var logBytes: Int64

    /// Finished tries write no more log.
    public var isFinished: Bool { state != "queued" && state != "running" }
}

extension RunStore {
    /// The state and stored log size of one try; nil when the try does not exist (yet).
    public func tryStatus(_ ref: TryRef) async throws -> TryStatus? {
        let rows = try await pool.query(
            """
            SELECT state, log_bytes FROM task_try
            WHERE run_id = \(ref.runID.rawValue) AND task_id = \(ref.taskID.rawValue) AND try_number = \(ref.tryNumber)
            """)
        guard let row = rows.first else { return nil }
        return TryStatus(
            state: try row.decode("state", as: String.self), logBytes: try row.decode("log_bytes", as: Int64.self))
    }
}

extension RunStore {
    /// Records that a process stopped cleanly, so health no longer reports it.
    public func markStopped(processID: String, now: Date) async throws {
        try await pool.query(
            "UPDATE process_heartbeat SET stopped_at = \(now) WHERE process_id = \(processID) AND stopped_at IS NULL")
    }
}
