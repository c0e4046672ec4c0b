import Foundation
import MLoopCore
import MLoopPostgres

extension RunOperations {
    /// Creates a manual run at a logical date the caller chose. Throws `.conflict` when the workflow already has a
    /// run at that logical date (of any type), besides `createRun`'s errors.
    public func triggerRun(_ request: NewRun) async throws -> RunRecord {
        try await pool.withTransaction { connection in
            let id = request.workflowID.rawValue
            // Serialises triggers of one (workflow, logical date) so two of them cannot both pass the check.
            try await connection.query(
                """
                SELECT pg_advisory_xact_lock(hashtextextended(\("mloop.trigger:" + id + ":" + Timestamp.format(request.logicalDate)), 0))
                """)
            let taken = try await connection.query(
                """
                SELECT run_id, run_type FROM workflow_run
                WHERE workflow_id = \(id) AND logical_date = \(request.logicalDate) LIMIT 1
                """)
            if let row = taken.first {
                throw StoreError.conflict(
                    "workflow '\(id)' already has a run at logical date \(Timestamp.format(request.logicalDate)) "
                        + "(\(try row.decode("run_type", as: String.self)) run \(try row.decode("run_id", as: Int64.self))); "
                        + "choose another logical_date or clear that run")
            }
            return try await createRun(request, connection).run
        }
    }
}
