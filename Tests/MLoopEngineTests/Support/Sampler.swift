import Foundation
import MLoopPostgres

/// Polls a count in the database while a run goes on and keeps the largest value seen: a limit that holds at every
/// sample. (Recorded try times are taken by the worker before it reaches the database, so under load they can
/// overlap by a few milliseconds more than the database ever allowed; the database's own state is the truth.)
final class Sampler: Sendable {
    private let task: Task<Int, Never>

    /// Samples `query`, which returns one row with an integer column `n`, every 20 ms until `stop()`.
    init(_ pool: PostgresPool, _ query: SQL) {
        task = Task {
            var most = 0
            while !Task.isCancelled {
                if let rows = try? await pool.query(query), let n = try? rows.first?.decode("n", as: Int.self) {
                    most = max(most, n)
                }
                try? await Task.sleep(for: .milliseconds(20))
            }
            return most
        }
    }

    /// Stops sampling and returns the largest value seen.
    func stop() async -> Int {
        task.cancel()
        return await task.value
    }

    /// Task instances of a workflow that are queued or running.
    static func activeTasks(_ pool: PostgresPool, workflow: String) -> Sampler {
        Sampler(
            pool,
            """
            SELECT count(*)::int AS n FROM task_instance WHERE workflow_id = \(workflow) AND state IN ('queued', 'running')
            """)
    }

    /// Task instances running anywhere in the database.
    static func runningTasks(_ pool: PostgresPool) -> Sampler {
        Sampler(pool, "SELECT count(*)::int AS n FROM task_instance WHERE state = 'running'")
    }

    /// Runs of a workflow in state running.
    static func runningRuns(_ pool: PostgresPool, workflow: String) -> Sampler {
        Sampler(
            pool, "SELECT count(*)::int AS n FROM workflow_run WHERE workflow_id = \(workflow) AND state = 'running'")
    }
}
