import Foundation
import MLoopCore
import MLoopPostgres

extension DraftStore {
    /// What deploying a draft did.
    public struct Deployment: Sendable, Hashable {
        public var workflowID: WorkflowID
        public var versionNumber: Int
        /// False when the draft equals an existing version, which became current again.
        public var created: Bool
    }

    /// Validates an API workflow's draft with the same rules and messages as workflow files and stores it as an
    /// immutable version (source kind `api`, format `json`) that the scheduler uses from now on. Throws
    /// `ValidationFailure` with every problem, `.notFound`, or `.conflict` for a DAGs-file workflow.
    public func deploy(_ id: WorkflowID) async throws -> Deployment {
        try await pool.withTransaction { connection in
            let record = try await Self.editable(id, lock: true, connection)
            let rows = try await connection.query(
                """
                SELECT \(Self.taskColumns) FROM api_task_draft WHERE workflow_id = \(id.rawValue) ORDER BY task_draft_id
                """)
            let tasks = try rows.map(TaskDraftRecord.init(row:))
            let draft = WorkflowDraft(
                id: id.rawValue, description: record.description, schedule: record.schedule,
                tasks: tasks.map(\.taskDraft))
            let (definition, issues) = draft.resolve()
            if !issues.isEmpty { throw ValidationFailure(issues) }
            let version = try await Self.storeVersion(definition, connection)
            try await connection.query(
                """
                UPDATE workflow SET current_version_id = \(version.id), description = \(definition.description),
                    schedule = \(definition.schedule.text), timezone = \(definition.timezone), updated_at = now()
                WHERE workflow_id = \(id.rawValue)
                """)
            return Deployment(workflowID: id, versionNumber: version.number, created: version.created)
        }
    }

    private static func storeVersion(_ definition: WorkflowDefinition, _ connection: PostgresConnection)
        async throws -> (id: Int64, number: Int, created: Bool)
    {
        let id = definition.id.rawValue
        let hash = CanonicalForm.contentHash(definition)
        let known = try await connection.query(
            """
            SELECT version_id, version_number FROM workflow_version WHERE workflow_id = \(id) AND content_hash = \(hash)
            """)
        if let row = known.first {
            return (try row.decode("version_id", as: Int64.self), try row.decode("version_number", as: Int.self), false)
        }
        let json = CanonicalForm.json(definition)
        let inserted = try await connection.query(
            """
            INSERT INTO workflow_version (workflow_id, version_number, content_hash, definition, source_format,
                                          source_text)
            SELECT \(id), coalesce(max(version_number), 0) + 1, \(hash), \(PostgresJSON(json)), 'json',
                   \(String(decoding: json, as: UTF8.self))
            FROM workflow_version WHERE workflow_id = \(id)
            RETURNING version_id, version_number
            """)
        return (
            try inserted[0].decode("version_id", as: Int64.self),
            try inserted[0].decode("version_number", as: Int.self),
            true
        )
    }
}
