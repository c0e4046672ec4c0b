import Foundation
import MLoopCore
import MLoopPostgres

extension DraftStore {
    /// Stores a workflow authored as source text (the UI's YAML editor) as an immutable version of the API workflow
    /// with its id, creating the workflow when the id is new; that version becomes current. In the same transaction
    /// the draft is rewritten from it (description, schedule, and every task `DraftCoverage` can hold), so the form
    /// shows the workflow that runs. Throws `.conflict` when a DAGs file defines that id.
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
            let deployment = try await Self.makeCurrent(definition, version, connection)
            try await Self.replaceDraft(with: definition, connection)
            return deployment
        }
    }

    // The draft becomes what `definition` holds: its settings, and its tasks in definition order.
    private static func replaceDraft(with definition: WorkflowDefinition, _ connection: PostgresConnection)
        async throws
    {
        let id = definition.id.rawValue
        try await connection.query(
            """
            INSERT INTO api_workflow_draft (workflow_id, description, schedule)
            VALUES (\(id), \(definition.description), \(definition.schedule.text))
            ON CONFLICT (workflow_id) DO UPDATE
            SET description = excluded.description, schedule = excluded.schedule, updated_at = now()
            """)
        try await connection.query("DELETE FROM api_task_draft WHERE workflow_id = \(id)")
        let tasks = DraftCoverage.taskFields(of: definition).map(DraftTaskRow.init)
        guard !tasks.isEmpty else { return }
        // Identity values follow the ORDER BY, keeping the definition's task order (drafts list by id).
        try await connection.query(
            """
            INSERT INTO api_task_draft (workflow_id, name, kind, python_callable, params, dependencies, retry_count,
                                        retry_delay_seconds, timeout_seconds, trigger_rule)
            SELECT \(id), t.e->>'name', t.e->>'kind', t.e->>'code', t.e->'params',
                   ARRAY(SELECT jsonb_array_elements_text(t.e->'dependencies')), (t.e->>'retry_count')::integer,
                   (t.e->>'retry_delay_seconds')::double precision, (t.e->>'timeout_seconds')::double precision,
                   t.e->>'trigger_rule'
            FROM jsonb_array_elements(\(try PostgresJSON(encoding: tasks))) WITH ORDINALITY AS t(e, n)
            ORDER BY t.n
            """)
    }
}

/// One draft task as `replaceDraft` passes it in a JSON array (absent optionals read as NULL).
private struct DraftTaskRow: Encodable {
    var name: String
    var kind: String
    var code: String
    var params: [String: JSONValue]
    var dependencies: [String]
    var retryCount: Int
    var retryDelaySeconds: Double
    var timeoutSeconds: Double?
    var triggerRule: String?

    init(_ fields: TaskDraftFields) {
        name = fields.name
        kind = fields.kind.rawValue
        code = fields.code
        params = fields.params
        dependencies = fields.dependencies
        retryCount = fields.retryCount
        retryDelaySeconds = fields.retryDelay
        timeoutSeconds = fields.timeout
        triggerRule = fields.storedTriggerRule
    }

    enum CodingKeys: String, CodingKey {
        case name, kind, code, params, dependencies
        case retryCount = "retry_count"
        case retryDelaySeconds = "retry_delay_seconds"
        case timeoutSeconds = "timeout_seconds"
        case triggerRule = "trigger_rule"
    }
}
