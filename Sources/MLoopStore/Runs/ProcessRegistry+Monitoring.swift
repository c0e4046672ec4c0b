import Foundation
import MLoopCore
import MLoopPostgres

/// Counts for `GET /api/v1/monitoring/stats`: what is in flight now, and the outcomes of recent runs. Unfinished
/// runs and task instances are counted whatever their age; finished ones only for runs created in the last
/// `windowHours`, so the answer costs the recent activity, not the whole history.
public struct MonitoringStats: Sendable, Hashable, Codable {
    public var workflows: Int
    /// Runs by state (`queued`, `running`, `success`, `failed`); absent states count 0.
    public var runs: [String: Int]
    /// Task instances by state.
    public var taskInstances: [String: Int]
    /// How far back finished runs and task instances are counted.
    public var windowHours: Int

    enum CodingKeys: String, CodingKey {
        case workflows, runs
        case taskInstances = "task_instances"
        case windowHours = "window_hours"
    }
}

/// What `GET /api/v1/monitoring/health` reports about the processes sharing the database.
public struct EngineHealth: Sendable, Hashable, Codable {
    /// The newest applied migration.
    public var schemaVersion: Int?
    /// Newest heartbeat per role (`scheduler`, `worker`, `api`, `standalone`) of processes not stopped.
    public var latestHeartbeats: [String: Date]

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case latestHeartbeats = "latest_heartbeats"
    }
}

extension ProcessRegistry {
    /// Active workflows; unfinished runs and task instances by state; finished ones of the runs created in the last
    /// `windowHours` hours.
    public func stats(windowHours: Int = 24) async throws -> MonitoringStats {
        // Counting a long history's millions of finished rows takes a scan of the whole table (~0.3 s at 1M task
        // instances). Run ids grow with created_at, so the window's first run is found by walking the primary key
        // back from the newest run, and its task instances are a range of task_instance's primary key. Unfinished
        // rows are few and partially indexed.
        // Two statements: with the boundary as a bound value the planner sees how few rows are after it.
        let boundary = try await pool.query(
            """
            SELECT coalesce((SELECT run_id FROM workflow_run
                             WHERE created_at < now() - make_interval(hours => \(windowHours)::int)
                             ORDER BY run_id DESC LIMIT 1), 0) AS before_window
            """)
        let before = try boundary.first?.decode("before_window", as: Int64.self) ?? 0
        let rows = try await pool.query(
            """
            SELECT 'workflow' AS kind, '' AS state, count(*)::int AS n FROM workflow WHERE is_active
            UNION ALL SELECT 'run', state, count(*)::int FROM workflow_run
                WHERE state IN ('queued', 'running') GROUP BY state
            UNION ALL SELECT 'run', state, count(*)::int FROM workflow_run
                WHERE run_id > \(before) AND state NOT IN ('queued', 'running') GROUP BY state
            UNION ALL SELECT 'task', state, count(*)::int FROM task_instance
                WHERE state IN ('pending', 'scheduled', 'up_for_retry', 'queued', 'running') GROUP BY state
            UNION ALL SELECT 'task', state, count(*)::int FROM task_instance
                WHERE run_id > \(before) AND state NOT IN ('pending', 'scheduled', 'up_for_retry', 'queued', 'running')
                GROUP BY state
            """)
        var stats = MonitoringStats(
            workflows: 0, runs: Dictionary(uniqueKeysWithValues: RunState.allCases.map { ($0.rawValue, 0) }),
            taskInstances: Dictionary(uniqueKeysWithValues: TaskInstanceState.allCases.map { ($0.rawValue, 0) }),
            windowHours: windowHours)
        for row in rows {
            let count = try row.decode("n", as: Int.self)
            let state = try row.decode("state", as: String.self)
            switch try row.decode("kind", as: String.self) {
            case "workflow": stats.workflows = count
            case "run": stats.runs[state] = count
            default: stats.taskInstances[state] = count
            }
        }
        return stats
    }

    /// The schema version and the newest heartbeat of each role; throws when the database cannot be reached.
    public func health() async throws -> EngineHealth {
        let version = try await pool.query("SELECT max(version)::int AS v FROM schema_migrations")
        let beats = try await pool.query(
            """
            SELECT role, max(heartbeat_at) AS at FROM process_heartbeat WHERE stopped_at IS NULL GROUP BY role
            """)
        var latest: [String: Date] = [:]
        for row in beats { latest[try row.decode("role", as: String.self)] = try row.decode("at", as: Date.self) }
        return EngineHealth(schemaVersion: try version.first?.decode("v", as: Int?.self), latestHeartbeats: latest)
    }
}
