import MLoopCore
import MLoopPostgres
import Synchronization

/// Decoded workflow versions by version id. Versions are immutable, so an entry never goes stale.
final class DefinitionCache: Sendable {
    private let entries = Mutex<[Int64: WorkflowDefinition]>([:])
    private let capacity = 128

    /// The definition of version `versionID`, read through `connection` when not cached.
    func definition(version versionID: Int64, _ connection: PostgresConnection) async throws -> WorkflowDefinition {
        if let cached = entries.withLock({ $0[versionID] }) { return cached }
        let rows = try await connection.query(
            "SELECT definition FROM workflow_version WHERE version_id = \(versionID)")
        guard let row = rows.first else { throw StoreError.notFound("no workflow version with id \(versionID)") }
        let definition = try CanonicalForm.decode(try row.decode("definition", as: PostgresJSON.self).data)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll() }
            entries[versionID] = definition
        }
        return definition
    }
}
