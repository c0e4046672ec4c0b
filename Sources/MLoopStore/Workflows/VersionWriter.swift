import Foundation
import MLoopCore
import MLoopPostgres

/// Stores immutable workflow versions; shared by DAGs-file loading and API deploys so both number and deduplicate
/// versions the same way.
enum VersionWriter {
    /// The version of `source` for its workflow, inserted with the next number unless one with the same content
    /// exists (then that one, `created` false). Runs inside the caller's transaction.
    static func store(_ source: WorkflowSource, _ connection: PostgresConnection)
        async throws -> (id: Int64, number: Int, created: Bool)
    {
        let definition = source.definition
        let id = definition.id.rawValue
        let hash = CanonicalForm.contentHash(definition)
        let known = try await connection.query(
            """
            SELECT version_id, version_number FROM workflow_version WHERE workflow_id = \(id) AND content_hash = \(hash)
            """)
        if let row = known.first {
            return (try row.decode("version_id", as: Int64.self), try row.decode("version_number", as: Int.self), false)
        }
        let inserted = try await connection.query(
            """
            INSERT INTO workflow_version (workflow_id, version_number, content_hash, definition, source_format,
                                          source_text)
            SELECT \(id), coalesce(max(version_number), 0) + 1, \(hash), \(PostgresJSON(CanonicalForm.json(definition))),
                   \(source.format.rawValue), \(source.sourceText)
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
