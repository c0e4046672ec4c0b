import Foundation
import MLoopCore
import MLoopPostgres

/// How many of a run's unfinished task instances wait (pending, scheduled, up for retry) and are queued or running,
/// and which are queued. Counted over the unfinished instances only (a partial index), so that planning a 1,000-task
/// fan-out after each of its tries ends does not read the finished ones again and again.
struct RunProgress {
    var summary: RunProgressSummary

    /// The counts of the run `run` names (a bound value or a column), as columns `waiting`, `active`, `queued`.
    /// Without `counting`, `waiting` is only 0 or 1 (whether any: a few index probes, where counting reads every
    /// waiting instance) and `queued` is empty — what the scheduler's check after each end needs.
    static func select(run: SQL, counting: Bool = true) -> SQL {
        guard counting else {
            return """
                SELECT (EXISTS (SELECT 1 FROM task_instance WHERE run_id = \(run)
                                AND state IN ('pending', 'scheduled', 'up_for_retry')))::int AS waiting,
                       (SELECT count(*) FROM task_instance WHERE run_id = \(run)
                        AND state IN ('queued', 'running')) AS active,
                       '{}'::text[] AS queued
                """
        }
        return """
            SELECT count(*) FILTER (WHERE state IN ('pending', 'scheduled', 'up_for_retry')) AS waiting,
                   count(*) FILTER (WHERE state IN ('queued', 'running')) AS active,
                   coalesce(array_agg(task_id) FILTER (WHERE state = 'queued'), '{}') AS queued
            FROM task_instance WHERE run_id = \(run)
                AND state IN ('pending', 'scheduled', 'up_for_retry', 'queued', 'running')
            """
    }

    init(row: PostgresRow) throws {
        summary = RunProgressSummary(
            waiting: try row.decode("waiting", as: Int.self), active: try row.decode("active", as: Int.self),
            queued: try row.decode("queued", as: [String].self).map { TaskID($0) })
    }
}
