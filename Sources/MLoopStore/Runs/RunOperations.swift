import Foundation
import MLoopCore
import MLoopPostgres

/// What operators do to runs (API, CLI, UI): trigger, backfill, clear and mark tasks — each planned in MLoopCore and
/// applied here in one transaction — and say why tasks wait.
public struct RunOperations: RunTables {
    let pool: PostgresPool
    let definitions = DefinitionCache()

    public init(pool: PostgresPool) {
        self.pool = pool
    }
}
