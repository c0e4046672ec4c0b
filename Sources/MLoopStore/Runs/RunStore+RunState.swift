import MLoopCore
import MLoopPostgres

extension RunStore {
    /// Only the run's state, for callers that wait for it to finish: one index lookup, where `run(_:)` reads every
    /// task instance and try.
    public func runState(_ id: RunID) async throws -> RunState? {
        let rows = try await pool.query("SELECT state FROM workflow_run WHERE run_id = \(id.rawValue)")
        return try rows.first?.decodeState("state", as: RunState.self)
    }
}
