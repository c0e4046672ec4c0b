import Foundation
import MLoopCore
import MLoopPostgres

extension DraftStore {
    /// Stores a workflow authored as source text (the UI's YAML editor) as an immutable version of the API workflow
    /// with its id, creating the workflow when the id is new; that version becomes current. The draft of an existing
    /// API workflow, if any, is left as is. Throws `.conflict` when a DAGs file defines that id.
    public func deploy(_ source: WorkflowSource) async throws -> Deployment {
        let definition = source.definition
        let id = definition.id.rawValue
        return try await pool.withTransaction { connection in
            // Claims a new id, or reactivates an API workflow deleted earlier; never takes a file's workflow.
            let claimed = try await connection.query(
                """
                INSERT INTO workflow (workflow_id, source_kind, is_active, description, schedule, timezone)
                VALUES (\(id), 'api', true, \(definition.description), \(definition.schedule.text),
                        \(definition.timezone))
                ON CONFLICT (workflow_id) DO UPDATE SET is_active = true, updated_at = now()
                WHERE workflow.source_kind = 'api'
                RETURNING workflow_id
                """)
            if claimed.isEmpty {
                let owner = try await connection.query("SELECT file_path FROM workflow WHERE workflow_id = \(id)")
                let path = try owner.first?.decode("file_path", as: String?.self)
                throw StoreError.conflict(
                    "workflow '\(id)' is defined by \(path ?? "a file") in the DAGs folder and is read-only over the "
                        + "API: edit the file instead")
            }
            let version = try await VersionWriter.store(source, connection)
            return try await Self.makeCurrent(definition, version, connection)
        }
    }
}
