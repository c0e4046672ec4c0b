import Foundation
import MLoopCore
import MLoopPostgres

/// Workflows authored through the HTTP API: drafts edited field by field, deployed as immutable versions. Workflows
/// from DAGs files are listed too, but every change to them is refused with `StoreError.conflict`.
public struct DraftStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    static let workflowColumns: SQL = """
        w.workflow_id, w.source_kind, w.file_path, NOT w.is_paused AS is_active, v.version_number, w.created_at,
        w.updated_at,
        CASE WHEN d.workflow_id IS NULL THEN w.description ELSE d.description END AS description,
        CASE WHEN d.workflow_id IS NULL THEN w.schedule ELSE d.schedule END AS schedule
        """

    static let workflowTables: SQL = """
        workflow w LEFT JOIN workflow_version v ON v.version_id = w.current_version_id
        LEFT JOIN api_workflow_draft d ON d.workflow_id = w.workflow_id
        """

    /// Every active workflow, API drafts and DAGs-file workflows alike, ordered by id.
    public func workflows() async throws -> [APIWorkflowRecord] {
        let rows = try await pool.query(
            "SELECT \(Self.workflowColumns) FROM \(Self.workflowTables) WHERE w.is_active ORDER BY w.workflow_id")
        return try rows.map(APIWorkflowRecord.init(row:))
    }

    /// One active workflow, or nil.
    public func workflow(_ id: WorkflowID) async throws -> APIWorkflowRecord? {
        let rows = try await pool.query(
            """
            SELECT \(Self.workflowColumns) FROM \(Self.workflowTables)
            WHERE w.is_active AND w.workflow_id = \(id.rawValue)
            """)
        return try rows.first.map(APIWorkflowRecord.init(row:))
    }

    /// Creates a draft whose id is its name. An API workflow deleted earlier under the same name comes back as a new
    /// draft (its old versions and runs stay). Throws `.conflict` when the id is taken.
    public func createWorkflow(_ new: NewAPIWorkflow) async throws -> APIWorkflowRecord {
        guard Identifier.isValid(new.name) else {
            throw ValidationFailure([
                ValidationIssue(
                    "'\(new.name)' is not a valid workflow name: use letters, digits, '_', '.' and '-' (starting with "
                        + "a letter or digit), at most \(Identifier.maximumLength) characters", path: "name")
            ])
        }
        let id = new.name
        return try await pool.withTransaction { connection in
            let claimed = try await connection.query(
                """
                INSERT INTO workflow (workflow_id, source_kind, is_active, is_paused, description, schedule)
                VALUES (\(id), 'api', true, \(!new.isActive), \(new.description), \(new.schedule))
                ON CONFLICT (workflow_id) DO UPDATE
                SET is_active = true, is_paused = excluded.is_paused, current_version_id = NULL,
                    description = excluded.description, schedule = excluded.schedule, updated_at = now()
                WHERE workflow.source_kind = 'api' AND NOT workflow.is_active
                RETURNING workflow_id
                """)
            guard !claimed.isEmpty else { throw try await Self.takenError(id, connection) }
            try await connection.query(
                """
                INSERT INTO api_workflow_draft (workflow_id, description, schedule)
                VALUES (\(id), \(new.description), \(new.schedule))
                """)
            return try await Self.editable(WorkflowID(id), lock: false, connection)
        }
    }

    /// Changes the given fields of an API workflow's draft; `is_active` (pause) applies at once.
    public func updateWorkflow(_ id: WorkflowID, _ changes: APIWorkflowChanges) async throws -> APIWorkflowRecord {
        try await pool.withTransaction { connection in
            var current = try await Self.editable(id, lock: true, connection)
            if let description = changes.description { current.description = description }
            if let schedule = changes.schedule { current.schedule = schedule }
            if let isActive = changes.isActive { current.isActive = isActive }
            try await connection.query(
                """
                UPDATE api_workflow_draft SET description = \(current.description), schedule = \(current.schedule),
                    updated_at = now()
                WHERE workflow_id = \(id.rawValue)
                """)
            try await connection.query(
                """
                UPDATE workflow SET is_paused = \(!current.isActive), updated_at = now()
                WHERE workflow_id = \(id.rawValue)
                """)
            return try await Self.editable(id, lock: false, connection)
        }
    }

    /// Deletes an API workflow: its draft goes, the workflow becomes inactive (no new runs); history stays.
    public func deleteWorkflow(_ id: WorkflowID) async throws {
        try await pool.withTransaction { connection in
            _ = try await Self.editable(id, lock: true, connection)
            try await connection.query("DELETE FROM api_workflow_draft WHERE workflow_id = \(id.rawValue)")
            try await connection.query(
                "UPDATE workflow SET is_active = false, updated_at = now() WHERE workflow_id = \(id.rawValue)")
        }
    }

    /// The active workflow `id` if the API may edit it, locked for the transaction when `lock`. Throws `.notFound`,
    /// or `.conflict` for a workflow from a DAGs file.
    static func editable(_ id: WorkflowID, lock: Bool, _ connection: PostgresConnection) async throws
        -> APIWorkflowRecord
    {
        let rows = try await connection.query(
            """
            SELECT \(workflowColumns) FROM \(workflowTables)
            WHERE w.is_active AND w.workflow_id = \(id.rawValue) \(unsafeRaw: lock ? "FOR UPDATE OF w" : "")
            """)
        guard let row = rows.first else { throw StoreError.notFound("no workflow with id '\(id)'") }
        let record = try APIWorkflowRecord(row: row)
        guard record.isEditable else {
            throw StoreError.conflict(
                "workflow '\(id)' is defined by \(record.filePath ?? "a file") in the DAGs folder and is read-only "
                    + "over the API: edit the file instead")
        }
        return record
    }

    private static func takenError(_ id: String, _ connection: PostgresConnection) async throws -> StoreError {
        let rows = try await connection.query("SELECT source_kind, file_path FROM workflow WHERE workflow_id = \(id)")
        if let path = try rows.first?.decode("file_path", as: String?.self) {
            return .conflict("workflow '\(id)' already exists: it is defined by \(path) in the DAGs folder")
        }
        return .conflict("workflow '\(id)' already exists: choose another name or edit that one")
    }
}

extension APIWorkflowRecord {
    init(row: PostgresRow) throws {
        self.init(
            workflowID: WorkflowID(try row.decode("workflow_id", as: String.self)),
            description: try row.decode("description", as: String?.self),
            schedule: try row.decode("schedule", as: String?.self),
            isActive: try row.decode("is_active", as: Bool.self),
            sourceKind: try row.decode("source_kind", as: String.self),
            filePath: try row.decode("file_path", as: String?.self),
            versionNumber: try row.decode("version_number", as: Int?.self),
            createdAt: try row.decode("created_at", as: Date.self),
            updatedAt: try row.decode("updated_at", as: Date.self))
    }
}
