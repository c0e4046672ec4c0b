import Foundation
import MLoopCore
import MLoopPostgres

extension WorkflowStore {
    private static let versionColumns: SQL = """
        v.workflow_id, v.version_number, v.content_hash, w.source_kind, w.file_path, v.source_format, v.created_at,
        (w.current_version_id = v.version_id) AS is_current
        """

    /// A page of a workflow's versions, newest first, those before version `before` (keyset). Throws `.notFound`
    /// for an unknown workflow.
    public func versions(of id: WorkflowID, before: Int?, limit: Int) async throws -> [WorkflowVersionRecord] {
        try await pool.withConnection { connection in
            try await Self.requireWorkflow(id, connection)
            let rows = try await connection.query(
                """
                SELECT \(Self.versionColumns)
                FROM workflow_version v JOIN workflow w ON w.workflow_id = v.workflow_id
                WHERE v.workflow_id = \(id.rawValue) AND (\(before)::int IS NULL OR v.version_number < \(before))
                ORDER BY v.version_number DESC LIMIT \(limit)
                """)
            return try rows.map { try Self.versionRecord($0, full: false) }
        }
    }

    /// One version with its source text and definition, or nil. Throws `.notFound` for an unknown workflow.
    public func version(of id: WorkflowID, number: Int) async throws -> WorkflowVersionRecord? {
        try await pool.withConnection { connection in
            try await Self.requireWorkflow(id, connection)
            let rows = try await connection.query(
                """
                SELECT \(Self.versionColumns), v.source_text, v.definition
                FROM workflow_version v JOIN workflow w ON w.workflow_id = v.workflow_id
                WHERE v.workflow_id = \(id.rawValue) AND v.version_number = \(number)
                """)
            return try rows.first.map { try Self.versionRecord($0, full: true) }
        }
    }

    /// Makes version `number` of an API workflow current again. Versions are keyed by content, so the earlier
    /// version itself becomes current (no copy is stored): runs created from now on use it. Throws `.notFound` for an
    /// unknown workflow or version and `.conflict` for a workflow from a DAGs file (edit the file instead).
    public func rollback(_ id: WorkflowID, to number: Int) async throws -> WorkflowRollback {
        try await pool.withTransaction { connection in
            let rows = try await connection.query(
                """
                SELECT w.source_kind, w.file_path, c.version_number AS current_number
                FROM workflow w LEFT JOIN workflow_version c ON c.version_id = w.current_version_id
                WHERE w.workflow_id = \(id.rawValue) AND w.is_active FOR UPDATE OF w
                """)
            guard let row = rows.first else { throw StoreError.notFound("no workflow with id '\(id)'") }
            guard try row.decode("source_kind", as: String.self) == "api" else {
                let path = try row.decode("file_path", as: String?.self) ?? "a file"
                throw StoreError.conflict(
                    "workflow '\(id)' is defined by \(path) in the DAGs folder: edit the file to change its version")
            }
            let target = try await connection.query(
                """
                SELECT version_id, definition FROM workflow_version
                WHERE workflow_id = \(id.rawValue) AND version_number = \(number)
                """)
            guard let version = target.first else {
                throw StoreError.notFound("workflow '\(id)' has no version \(number)")
            }
            let definition = try CanonicalForm.decode(try version.decode("definition", as: PostgresJSON.self).data)
            try await connection.query(
                """
                UPDATE workflow SET current_version_id = \(try version.decode("version_id", as: Int64.self)),
                    description = \(definition.description), schedule = \(definition.schedule.text),
                    timezone = \(definition.timezone), updated_at = now()
                WHERE workflow_id = \(id.rawValue)
                """)
            return WorkflowRollback(
                workflowID: id, versionNumber: number,
                previousVersionNumber: try row.decode("current_number", as: Int?.self))
        }
    }

    private static func requireWorkflow(_ id: WorkflowID, _ connection: PostgresConnection) async throws {
        let rows = try await connection.query("SELECT 1 AS one FROM workflow WHERE workflow_id = \(id.rawValue)")
        if rows.isEmpty { throw StoreError.notFound("no workflow with id '\(id)'") }
    }

    private static func versionRecord(_ row: PostgresRow, full: Bool) throws -> WorkflowVersionRecord {
        let format = try row.decode("source_format", as: String.self)
        return WorkflowVersionRecord(
            workflowID: WorkflowID(try row.decode("workflow_id", as: String.self)),
            versionNumber: try row.decode("version_number", as: Int.self),
            contentHash: try row.decode("content_hash", as: String.self),
            sourceKind: try row.decode("source_kind", as: String.self),
            filePath: try row.decode("file_path", as: String?.self),
            sourceFormat: WorkflowSource.Format(rawValue: format) ?? .json,
            createdAt: try row.decode("created_at", as: Date.self),
            isCurrent: try row.decode("is_current", as: Bool?.self) ?? false,
            sourceText: full ? try row.decode("source_text", as: String.self) : nil,
            definition: full
                ? try CanonicalForm.decode(try row.decode("definition", as: PostgresJSON.self).data) : nil)
    }
}
