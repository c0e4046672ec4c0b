import Foundation
import MLoopCore
import MLoopPostgres

/// Counts for `GET /api/v1/monitoring/stats`.
public struct MonitoringStats: Sendable, Hashable, Codable {
    public var workflows: Int
    /// Runs by state (`queued`, `running`, `success`, `failed`); absent states count 0.
    public var runs: [String: Int]
    /// Task instances by state.
    public var taskInstances: [String: Int]

    enum CodingKeys: String, CodingKey {
        case workflows, runs
        case taskInstances = "task_instances"
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

extension RunStore {
    /// The newest runs of every workflow (or of one), newest first by id.
    public func recentRuns(workflow: WorkflowID? = nil, limit: Int) async throws -> [RunRecord] {
        let rows = try await pool.query(
            """
            SELECT \(RunRecord.columns) FROM workflow_run r JOIN workflow_version v ON v.version_id = r.version_id
            WHERE (\(workflow?.rawValue)::text IS NULL OR r.workflow_id = \(workflow?.rawValue))
            ORDER BY r.run_id DESC LIMIT \(limit)
            """)
        return try rows.map(RunRecord.init(row:))
    }

    /// Active workflows, runs by state and task instances by state.
    public func stats() async throws -> MonitoringStats {
        let rows = try await pool.query(
            """
            SELECT 'workflow' AS kind, '' AS state, count(*)::int AS n FROM workflow WHERE is_active
            UNION ALL SELECT 'run', state, count(*)::int FROM workflow_run GROUP BY state
            UNION ALL SELECT 'task', state, count(*)::int FROM task_instance GROUP BY state
            """)
        var stats = MonitoringStats(
            workflows: 0, runs: Dictionary(uniqueKeysWithValues: RunState.allCases.map { ($0.rawValue, 0) }),
            taskInstances: Dictionary(uniqueKeysWithValues: TaskInstanceState.allCases.map { ($0.rawValue, 0) }))
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
