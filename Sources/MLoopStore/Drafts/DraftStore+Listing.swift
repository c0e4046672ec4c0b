import Foundation
import MLoopCore
import MLoopPostgres

extension DraftStore {
    /// A page of active workflows matching `filter`, by id, those after `afterID` (keyset).
    public func workflows(_ filter: WorkflowListFilter, afterID: WorkflowID?, limit: Int) async throws
        -> [WorkflowListItem]
    {
        // LIKE wildcards in the user's text match themselves.
        let pattern = filter.text.map {
            "%"
                + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
        }
        // Without its tasks: listing needs only the scheduling fields, and decoding every task of every workflow on
        // each request cost ~20 ms with a 1,000-task workflow among a handful.
        let rows = try await pool.query(
            """
            SELECT \(Self.workflowColumns), v.definition - 'tasks' AS definition FROM \(Self.workflowTables)
            WHERE w.is_active
              AND (\(filter.paused)::boolean IS NULL OR w.is_paused = \(filter.paused))
              AND (\(filter.sourceKind)::text IS NULL OR w.source_kind = \(filter.sourceKind))
              AND (\(pattern)::text IS NULL OR w.workflow_id ILIKE \(pattern)
                   OR coalesce(d.description, w.description) ILIKE \(pattern))
              AND (\(afterID?.rawValue)::text IS NULL OR w.workflow_id > \(afterID?.rawValue))
            ORDER BY w.workflow_id LIMIT \(limit)
            """)
        return try rows.map { row in
            WorkflowListItem(
                record: try APIWorkflowRecord(row: row),
                definition: try row.decode("definition", as: PostgresJSON?.self).map {
                    try CanonicalForm.decode($0.data)
                })
        }
    }
}
