import Foundation
import MLoopCore
import MLoopPostgres

/// Workflows, their immutable versions, the DAG files they come from and import errors.
public struct WorkflowStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Every file the store knows, by path relative to the DAGs folder.
    public func dagFiles() async throws -> [String: StoredDAGFile] {
        let rows = try await pool.query(
            """
            SELECT f.file_path, f.content_hash, f.workflow_ids, (e.file_path IS NOT NULL) AS has_import_error
            FROM dag_file f LEFT JOIN import_error e ON e.file_path = f.file_path
            """)
        var files: [String: StoredDAGFile] = [:]
        for row in rows {
            let file = StoredDAGFile(
                filePath: try row.decode("file_path", as: String.self),
                contentHash: try row.decode("content_hash", as: String?.self),
                workflowIDs: try row.decode("workflow_ids", as: [String].self).map { WorkflowID($0) },
                hasImportError: try row.decode("has_import_error", as: Bool.self))
            files[file.filePath] = file
        }
        return files
    }

    /// Stores the workflows a file now declares, all or nothing: each gets a version keyed by its content hash
    /// (an existing one when the content is known), workflows the file no longer declares are deactivated, and
    /// the file's import error is cleared. Throws `StoreError.conflict` when another file or the API owns an id.
    public func recordLoadedFile(path: String, contentHash: String, workflows: [WorkflowSource]) async throws
        -> [WorkflowChange]
    {
        try await pool.withTransaction { connection in
            try await lockFile(path, connection)
            var changes: [WorkflowChange] = []
            for source in workflows {
                changes.append(try await storeWorkflow(source, filePath: path, connection))
            }
            let ids = workflows.map(\.definition.id.rawValue)
            let deactivated = try await connection.query(
                """
                UPDATE workflow SET is_active = false, updated_at = now()
                WHERE file_path = \(path) AND source_kind = 'file' AND is_active AND NOT (workflow_id = ANY(\(ids)))
                RETURNING workflow_id
                """)
            for row in deactivated {
                changes.append(.deactivated(WorkflowID(try row.decode("workflow_id", as: String.self))))
            }
            try await connection.query(
                """
                INSERT INTO dag_file (file_path, content_hash, workflow_ids, parsed_at)
                VALUES (\(path), \(contentHash), \(ids), now())
                ON CONFLICT (file_path) DO UPDATE
                SET content_hash = excluded.content_hash, workflow_ids = excluded.workflow_ids, parsed_at = now()
                """)
            try await connection.query("DELETE FROM import_error WHERE file_path = \(path)")
            return changes
        }
    }

    /// Records that a file failed to load. Workflows it declared before keep their last good version.
    public func recordImportError(path: String, contentHash: String?, issues: [ValidationIssue]) async throws {
        let message = issues.map(\.description).joined(separator: "\n")
        let issuesJSON = try PostgresJSON(encoding: issues)
        try await pool.withTransaction { connection in
            try await lockFile(path, connection)
            try await connection.query(
                """
                INSERT INTO import_error (file_path, content_hash, message, issues, created_at)
                VALUES (\(path), \(contentHash), \(message), \(issuesJSON), now())
                ON CONFLICT (file_path) DO UPDATE
                SET content_hash = excluded.content_hash, message = excluded.message, issues = excluded.issues,
                    created_at = now()
                """)
            try await connection.query(
                """
                INSERT INTO dag_file (file_path, content_hash, parsed_at) VALUES (\(path), \(contentHash), now())
                ON CONFLICT (file_path) DO UPDATE SET content_hash = excluded.content_hash, parsed_at = now()
                """)
        }
    }

    /// Forgets a file that disappeared: its workflows become inactive (their history stays).
    public func forgetFile(path: String) async throws -> [WorkflowID] {
        try await pool.withTransaction { connection in
            try await lockFile(path, connection)
            let rows = try await connection.query(
                """
                UPDATE workflow SET is_active = false, updated_at = now()
                WHERE file_path = \(path) AND source_kind = 'file' AND is_active
                RETURNING workflow_id
                """)
            try await connection.query("DELETE FROM dag_file WHERE file_path = \(path)")
            try await connection.query("DELETE FROM import_error WHERE file_path = \(path)")
            return try rows.map { WorkflowID(try $0.decode("workflow_id", as: String.self)) }
        }
    }

    /// Every workflow with its current version, ordered by id.
    public func workflows(includeInactive: Bool = false) async throws -> [WorkflowSummary] {
        let rows = try await pool.query(
            """
            SELECT w.workflow_id, w.description, w.schedule, w.timezone, w.is_paused, w.is_active, w.source_kind,
                   w.file_path, w.updated_at, v.version_number, v.content_hash,
                   coalesce(jsonb_array_length(v.definition -> 'tasks'), 0) AS task_count
            FROM workflow w LEFT JOIN workflow_version v ON v.version_id = w.current_version_id
            WHERE w.is_active OR \(includeInactive)
            ORDER BY w.workflow_id
            """)
        return try rows.map { row in
            WorkflowSummary(
                workflowID: WorkflowID(try row.decode("workflow_id", as: String.self)),
                description: try row.decode("description", as: String?.self),
                schedule: try row.decode("schedule", as: String?.self),
                timezone: try row.decode("timezone", as: String.self),
                isPaused: try row.decode("is_paused", as: Bool.self),
                isActive: try row.decode("is_active", as: Bool.self),
                sourceKind: try row.decode("source_kind", as: String.self),
                filePath: try row.decode("file_path", as: String?.self),
                versionNumber: try row.decode("version_number", as: Int?.self),
                contentHash: try row.decode("content_hash", as: String?.self),
                taskCount: try row.decode("task_count", as: Int.self),
                updatedAt: try row.decode("updated_at", as: Date.self))
        }
    }

    /// Files that currently fail to load, ordered by path.
    public func importErrors() async throws -> [ImportErrorRecord] {
        try await importErrors(afterPath: nil, limit: Int.max)
    }

    /// The current definition of a workflow and its version number.
    public func currentDefinition(of id: WorkflowID) async throws -> (version: Int, definition: WorkflowDefinition)? {
        let rows = try await pool.query(
            """
            SELECT v.version_number, v.definition FROM workflow w
            JOIN workflow_version v ON v.version_id = w.current_version_id
            WHERE w.workflow_id = \(id.rawValue)
            """)
        guard let row = rows.first else { return nil }
        let definition = try CanonicalForm.decode(try row.decode("definition", as: PostgresJSON.self).data)
        return (try row.decode("version_number", as: Int.self), definition)
    }

    /// Pauses or unpauses a workflow; a paused workflow gets no new scheduled runs.
    public func setPaused(_ id: WorkflowID, _ paused: Bool) async throws {
        let rows = try await pool.query(
            """
            UPDATE workflow SET is_paused = \(paused), updated_at = now()
            WHERE workflow_id = \(id.rawValue) RETURNING workflow_id
            """)
        if rows.isEmpty { throw StoreError.notFound("no workflow with id '\(id)'") }
    }

    // Serialises writers of one file across schedulers; the lock ends with the transaction.
    private func lockFile(_ path: String, _ connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\("mloop.dag_file:" + path), 0))")
    }

    private func storeWorkflow(_ source: WorkflowSource, filePath: String, _ connection: PostgresConnection)
        async throws -> WorkflowChange
    {
        let definition = source.definition
        let id = definition.id.rawValue
        let previous = try await connection.query(
            "SELECT current_version_id FROM workflow WHERE workflow_id = \(id) FOR UPDATE")
        // The upsert only takes over a workflow this file owns, or a file workflow nobody declares any more; the
        // WHERE makes that decision atomic even when two schedulers store two files declaring one id.
        let claimed = try await connection.query(
            """
            INSERT INTO workflow (workflow_id, source_kind, file_path, is_active, description, schedule, timezone)
            VALUES (\(id), 'file', \(filePath), true, \(definition.description), \(definition.schedule.text),
                    \(definition.timezone))
            ON CONFLICT (workflow_id) DO UPDATE
            SET file_path = excluded.file_path, is_active = true, description = excluded.description,
                schedule = excluded.schedule, timezone = excluded.timezone, updated_at = now()
            WHERE workflow.source_kind = 'file' AND (workflow.file_path = excluded.file_path OR NOT workflow.is_active)
            RETURNING workflow_id
            """)
        if claimed.isEmpty { throw try await ownershipConflict(id, connection) }

        let version = try await VersionWriter.store(source, connection)
        let current = try previous.first?.decode("current_version_id", as: Int64?.self)
        if current == version.id { return .unchanged(definition.id) }
        try await connection.query("UPDATE workflow SET current_version_id = \(version.id) WHERE workflow_id = \(id)")
        return previous.isEmpty
            ? .created(definition.id, version: version.number)
            : .newVersion(definition.id, version: version.number)
    }

    private func ownershipConflict(_ id: String, _ connection: PostgresConnection) async throws -> StoreError {
        let owner = try await connection.query("SELECT source_kind, file_path FROM workflow WHERE workflow_id = \(id)")
        guard let row = owner.first, try row.decode("source_kind", as: String.self) == "file",
            let path = try row.decode("file_path", as: String?.self)
        else {
            return .conflict("workflow id '\(id)' is already used by a workflow authored through the API")
        }
        return .conflict("workflow id '\(id)' is already defined by \(path)")
    }
}
