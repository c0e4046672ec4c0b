import Foundation
import MLoopCore
import MLoopPostgres

/// Read-only views of runs for the API, the CLI and the UI: lists, a run with its instances and tries, logs, XComs.
public struct RunQueries: RunTables {
    let pool: PostgresPool
    let definitions = DefinitionCache()

    public init(pool: PostgresPool) {
        self.pool = pool
    }
}
