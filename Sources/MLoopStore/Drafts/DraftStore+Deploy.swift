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
            let json = String(decoding: CanonicalForm.json(definition), as: UTF8.self)
            let version = try await VersionWriter.store(
                WorkflowSource(definition: definition, sourceText: json, format: .json), connection)
            return try await Self.makeCurrent(definition, version, connection)
        }
    }

    /// Makes `version` of `definition`'s workflow the one the scheduler uses, with its description and schedule.
    static func makeCurrent(
        _ definition: WorkflowDefinition, _ version: (id: Int64, number: Int, created: Bool),
        _ connection: PostgresConnection
    ) async throws -> Deployment {
        try await connection.query(
            """
            UPDATE workflow SET current_version_id = \(version.id), description = \(definition.description),
                schedule = \(definition.schedule.text), timezone = \(definition.timezone), updated_at = now()
            WHERE workflow_id = \(definition.id.rawValue)
            """)
        return Deployment(workflowID: definition.id, versionNumber: version.number, created: version.created)
    }
}
