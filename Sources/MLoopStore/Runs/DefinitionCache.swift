import MLoopCore
import MLoopPostgres
import Synchronization

/// Decoded workflow versions and their graphs by version id. Versions are immutable, so an entry never goes stale.
final class DefinitionCache: Sendable {
    // The graph is kept with its definition: building it is O(tasks) and planning and claiming need it on every
    // pass, which made a 1,000-task run quadratic.
    private let entries = Mutex<[Int64: (definition: WorkflowDefinition, graph: WorkflowGraph)]>([:])
    private let capacity = 128

    /// The definition of version `versionID`, read through `connection` when not cached.
    func definition(version versionID: Int64, _ connection: PostgresConnection) async throws -> WorkflowDefinition {
        try await entry(version: versionID, connection).definition
    }

    /// The definition of version `versionID` and its graph, read through `connection` when not cached.
    func entry(version versionID: Int64, _ connection: PostgresConnection) async throws
        -> (definition: WorkflowDefinition, graph: WorkflowGraph)
    {
        if let cached = entries.withLock({ $0[versionID] }) { return cached }
        let rows = try await connection.query(
            "SELECT definition FROM workflow_version WHERE version_id = \(versionID)")
        guard let row = rows.first else { throw StoreError.notFound("no workflow version with id \(versionID)") }
        let definition = try CanonicalForm.decode(try row.decode("definition", as: PostgresJSON.self).data)
        let entry = (definition: definition, graph: WorkflowGraph(definition))
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll() }
            entries[versionID] = entry
        }
        return entry
    }
}
