import Foundation
import MLoopCore
import MLoopPostgres

extension DraftStore {
    static let taskColumns: SQL = """
        task_draft_id, workflow_id, name, kind, python_callable, params, dependencies, retry_count,
        retry_delay_seconds, timeout_seconds, trigger_rule, created_at, updated_at
        """

    /// The tasks of an API workflow's draft, in the order they were added.
    public func tasks(of workflow: WorkflowID) async throws -> [TaskDraftRecord] {
        let rows = try await pool.query(
            """
            SELECT \(Self.taskColumns) FROM api_task_draft WHERE workflow_id = \(workflow.rawValue)
            ORDER BY task_draft_id
            """)
        return try rows.map(TaskDraftRecord.init(row:))
    }

    /// One task of a draft, or nil.
    public func task(_ id: Int64) async throws -> TaskDraftRecord? {
        let rows = try await pool.query(
            "SELECT \(Self.taskColumns) FROM api_task_draft WHERE task_draft_id = \(id)")
        return try rows.first.map(TaskDraftRecord.init(row:))
    }

    /// Adds a task to an API workflow's draft. Throws `.notFound`, `.conflict` for a DAGs-file workflow or a name
    /// already used in the workflow, and `ValidationFailure` for an unusable retry delay.
    public func createTask(in workflow: WorkflowID, _ fields: TaskDraftFields) async throws -> TaskDraftRecord {
        try Self.check(fields)
        return try await pool.withTransaction { connection in
            _ = try await Self.editable(workflow, lock: true, connection)
            try await Self.ensureNameFree(fields.name, in: workflow, except: nil, connection)
            let rows = try await connection.query(
                """
                INSERT INTO api_task_draft (workflow_id, name, kind, python_callable, params, dependencies,
                                            retry_count, retry_delay_seconds, timeout_seconds, trigger_rule)
                VALUES (\(workflow.rawValue), \(fields.name), \(fields.kind.rawValue), \(fields.code),
                        \(try PostgresJSON(encoding: fields.params)), \(fields.dependencies), \(fields.retryCount),
                        \(fields.retryDelay), \(fields.timeout), \(fields.storedTriggerRule))
                RETURNING \(Self.taskColumns)
                """)
            try await Self.touch(workflow, connection)
            return try TaskDraftRecord(row: rows[0])
        }
    }

    /// Replaces every field of a task (its workflow stays). Same errors as `createTask`.
    public func updateTask(_ id: Int64, _ fields: TaskDraftFields) async throws -> TaskDraftRecord {
        try Self.check(fields)
        return try await pool.withTransaction { connection in
            let workflow = try await Self.lockedTaskWorkflow(id, connection)
            try await Self.ensureNameFree(fields.name, in: workflow, except: id, connection)
            let rows = try await connection.query(
                """
                UPDATE api_task_draft SET name = \(fields.name), kind = \(fields.kind.rawValue),
                    python_callable = \(fields.code), params = \(try PostgresJSON(encoding: fields.params)),
                    dependencies = \(fields.dependencies), retry_count = \(fields.retryCount),
                    retry_delay_seconds = \(fields.retryDelay), timeout_seconds = \(fields.timeout),
                    trigger_rule = \(fields.storedTriggerRule), updated_at = now()
                WHERE task_draft_id = \(id)
                RETURNING \(Self.taskColumns)
                """)
            try await Self.touch(workflow, connection)
            return try TaskDraftRecord(row: rows[0])
        }
    }

    /// Removes a task from its draft.
    public func deleteTask(_ id: Int64) async throws {
        try await pool.withTransaction { connection in
            let workflow = try await Self.lockedTaskWorkflow(id, connection)
            try await connection.query("DELETE FROM api_task_draft WHERE task_draft_id = \(id)")
            try await Self.touch(workflow, connection)
        }
    }

    // Locks the task's workflow (then the task), the same order createTask and deploy take.
    private static func lockedTaskWorkflow(_ id: Int64, _ connection: PostgresConnection) async throws -> WorkflowID {
        let rows = try await connection.query("SELECT workflow_id FROM api_task_draft WHERE task_draft_id = \(id)")
        guard let row = rows.first else { throw StoreError.notFound("no task with id \(id)") }
        let workflow = WorkflowID(try row.decode("workflow_id", as: String.self))
        _ = try await editable(workflow, lock: true, connection)
        return workflow
    }

    private static func ensureNameFree(
        _ name: String, in workflow: WorkflowID, except id: Int64?, _ connection: PostgresConnection
    ) async throws {
        let rows = try await connection.query(
            """
            SELECT task_draft_id FROM api_task_draft
            WHERE workflow_id = \(workflow.rawValue) AND name = \(name) AND task_draft_id <> \(id ?? -1)
            """)
        if let row = rows.first {
            let other = try row.decode("task_draft_id", as: Int64.self)
            throw StoreError.conflict("workflow '\(workflow)' already has a task named '\(name)' (task \(other))")
        }
    }

    private static func touch(_ workflow: WorkflowID, _ connection: PostgresConnection) async throws {
        try await connection.query(
            "UPDATE api_workflow_draft SET updated_at = now() WHERE workflow_id = \(workflow.rawValue)")
    }

    // Checked here, not left to the validator: the delay becomes a Duration before validation sees it, and the
    // column is a 32-bit integer that would refuse a larger retry count with a database error.
    private static func check(_ fields: TaskDraftFields) throws {
        guard (0...Int(Int32.max)).contains(fields.retryCount) else {
            throw ValidationFailure([
                ValidationIssue(
                    "retry_count must be between 0 and \(Int32.max), not \(fields.retryCount)", path: "retry_count")
            ])
        }
        let delay = fields.retryDelay
        guard delay.isFinite, delay >= 0, delay <= DurationText.maximumSeconds else {
            throw ValidationFailure([
                ValidationIssue(
                    "retry_delay must be a number of seconds between 0 and \(Int(DurationText.maximumSeconds)), "
                        + "not \(delay)", path: "retry_delay")
            ])
        }
        if let timeout = fields.timeout, !(timeout.isFinite && timeout > 0 && timeout <= DurationText.maximumSeconds) {
            throw ValidationFailure([
                ValidationIssue(
                    "timeout must be a number of seconds greater than 0 and at most "
                        + "\(Int(DurationText.maximumSeconds)), not \(timeout)", path: "timeout")
            ])
        }
    }
}

extension TaskDraftRecord {
    init(row: PostgresRow) throws {
        self.init(
            id: try row.decode("task_draft_id", as: Int64.self),
            workflowID: WorkflowID(try row.decode("workflow_id", as: String.self)),
            name: try row.decode("name", as: String.self),
            kind: try row.decodeState("kind", as: TaskDraftKind.self),
            code: try row.decode("python_callable", as: String.self),
            params: try row.decode("params", as: PostgresJSON.self).decode([String: JSONValue].self),
            dependencies: try row.decode("dependencies", as: [String].self),
            retryCount: try row.decode("retry_count", as: Int.self),
            retryDelay: try row.decode("retry_delay_seconds", as: Double.self),
            timeout: try row.decode("timeout_seconds", as: Double?.self),
            // NULL is the default rule.
            triggerRule: try row.rawValue("trigger_rule") == nil
                ? .allSuccess : try row.decodeState("trigger_rule", as: TriggerRule.self),
            createdAt: try row.decode("created_at", as: Date.self),
            updatedAt: try row.decode("updated_at", as: Date.self))
    }
}

extension TaskDraftFields {
    /// The `trigger_rule` column's value: NULL for the default, all_success.
    var storedTriggerRule: String? { triggerRule == .allSuccess ? nil : triggerRule.rawValue }
}
