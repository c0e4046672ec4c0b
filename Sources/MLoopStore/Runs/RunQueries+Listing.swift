import Foundation
import MLoopCore
import MLoopPostgres

extension RunQueries {
    /// One page of runs matching `filter`, after `cursor` (keyset, never OFFSET), at most `limit`.
    public func runs(_ filter: RunFilter, after cursor: RunFilter.Cursor?, limit: Int) async throws -> [RunRecord] {
        let states = filter.states.map(\.rawValue)
        let types = filter.runTypes.map(\.rawValue)
        let keyset: SQL
        let order: SQL
        switch filter.order {
        case .newestID:
            keyset = "(\(cursor?.runID.rawValue)::bigint IS NULL OR r.run_id < \(cursor?.runID.rawValue))"
            order = "r.run_id DESC"
        case .newestLogicalDate:
            keyset = """
                (\(cursor?.runID.rawValue)::bigint IS NULL
                 OR (r.logical_date, r.run_id) < (\(cursor?.logicalDate)::timestamptz, \(cursor?.runID.rawValue)::bigint))
                """
            order = "r.logical_date DESC, r.run_id DESC"
        }
        let rows = try await pool.query(
            """
            SELECT \(RunRecord.columns) FROM workflow_run r JOIN workflow_version v ON v.version_id = r.version_id
            WHERE (\(filter.workflowID?.rawValue)::text IS NULL OR r.workflow_id = \(filter.workflowID?.rawValue))
              AND (cardinality(\(states)::text[]) = 0 OR r.state = ANY(\(states)::text[]))
              AND (cardinality(\(types)::text[]) = 0 OR r.run_type = ANY(\(types)::text[]))
              AND (\(filter.logicalDateFrom)::timestamptz IS NULL OR r.logical_date >= \(filter.logicalDateFrom))
              AND (\(filter.logicalDateTo)::timestamptz IS NULL OR r.logical_date <= \(filter.logicalDateTo))
              AND \(keyset)
            ORDER BY \(order) LIMIT \(limit)
            """)
        return try rows.map(RunRecord.init(row:))
    }

    /// The `perWorkflow` newest runs (by logical date) of each workflow given, newest first.
    public func latestRuns(of workflows: [WorkflowID], perWorkflow: Int) async throws -> [WorkflowID: [RunRecord]] {
        let rows = try await pool.query(
            """
            SELECT \(RunRecord.columns)
            FROM unnest(\(workflows.map(\.rawValue))::text[]) AS w(workflow_id)
            CROSS JOIN LATERAL (
                SELECT * FROM workflow_run x WHERE x.workflow_id = w.workflow_id
                ORDER BY x.logical_date DESC, x.run_id DESC LIMIT \(perWorkflow)
            ) r
            JOIN workflow_version v ON v.version_id = r.version_id
            ORDER BY r.workflow_id, r.logical_date DESC, r.run_id DESC
            """)
        return Dictionary(grouping: try rows.map(RunRecord.init(row:)), by: \.workflowID)
    }

    /// The data interval of the newest scheduled run of each workflow given.
    public func lastScheduledIntervals(of workflows: [WorkflowID]) async throws -> [WorkflowID: DataInterval] {
        let rows = try await pool.query(
            """
            SELECT DISTINCT ON (workflow_id) workflow_id, data_interval_start, data_interval_end FROM workflow_run
            WHERE workflow_id = ANY(\(workflows.map(\.rawValue))::text[]) AND run_type = 'scheduled'
            ORDER BY workflow_id, logical_date DESC
            """)
        var intervals: [WorkflowID: DataInterval] = [:]
        for row in rows {
            let id = WorkflowID(try row.decode("workflow_id", as: String.self))
            intervals[id] = try row.decodeInterval(start: "data_interval_start", end: "data_interval_end")
        }
        return intervals
    }

    /// The task instances of the given runs, by run (each in no particular order).
    public func taskInstances(of runs: [RunID]) async throws -> [RunID: [TaskInstanceRecord]] {
        let rows = try await pool.query(
            """
            SELECT run_id, task_id, state, try_number, max_tries, next_try_at, queued_at, started_at, ended_at,
                   progress, metadata, branch_choice
            FROM task_instance WHERE run_id = ANY(\(runs.map(\.rawValue))::bigint[])
            """)
        var result: [RunID: [TaskInstanceRecord]] = [:]
        for row in rows { result[try row.decodeRunID(), default: []].append(try TaskInstanceRecord(row: row)) }
        return result
    }
}
