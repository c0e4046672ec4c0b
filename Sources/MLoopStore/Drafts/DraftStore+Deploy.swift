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
    /// `ValidationFailure` with every problem, `.notFound`, or `.conflict` for a DAGs-file workflow or one whose
    /// current version (saved as YAML) uses settings the draft cannot hold, which a deploy would drop.
    public func deploy(_ id: WorkflowID) async throws -> Deployment {
        try await pool.withTransaction { connection in
            let record = try await Self.editable(id, lock: true, connection)
            let unsupported = try await Self.unsupportedFormFields(id, connection)
            if !unsupported.isEmpty {
                throw StoreError.conflict(
                    "workflow '\(id)' uses settings the form cannot edit: \(unsupported.joined(separator: ", ")); "
                        + "deploying the draft would drop them: edit it as YAML instead")
            }
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

    /// The settings of `id`'s current version that its draft cannot hold (`DraftCoverage`); empty when the form can
    /// edit the whole workflow, or nothing is deployed.
    public func unsupportedFormFields(_ id: WorkflowID) async throws -> [String] {
        try await pool.withConnection { connection in try await Self.unsupportedFormFields(id, connection) }
    }

    static func unsupportedFormFields(_ id: WorkflowID, _ connection: PostgresConnection) async throws -> [String] {
        let rows = try await connection.query(
            """
            SELECT v.definition FROM workflow w JOIN workflow_version v ON v.version_id = w.current_version_id
            WHERE w.workflow_id = \(id.rawValue) AND w.source_kind = 'api'
            """)
        guard let row = rows.first else { return [] }
        let definition = try CanonicalForm.decode(try row.decode("definition", as: PostgresJSON.self).data)
        return DraftCoverage.unsupportedFields(of: definition)
    }
}
