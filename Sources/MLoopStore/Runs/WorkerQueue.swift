import Foundation
import MLoopCore
import MLoopPostgres

/// What workers do: claim queued tries (`FOR UPDATE SKIP LOCKED`), refresh their heartbeats, store their logs and
/// progress, and record their ends — one at a time under lock, or many successes together in one statement.
public struct WorkerQueue: RunTables {
    let pool: PostgresPool
    let definitions = DefinitionCache()

    public init(pool: PostgresPool) {
        self.pool = pool
    }
}
