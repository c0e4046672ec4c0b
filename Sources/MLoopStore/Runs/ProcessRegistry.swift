import Foundation
import MLoopCore
import MLoopPostgres

/// The processes sharing the database (schedulers, DAG syncs, workers, API servers): their heartbeats, clean stops,
/// health, and the counts and samples monitoring and `/metrics` read.
public struct ProcessRegistry: RunTables {
    let pool: PostgresPool
    let definitions = DefinitionCache()

    public init(pool: PostgresPool) {
        self.pool = pool
    }
}

extension ProcessRegistry {
    /// Records that a process is alive (upserts `process_heartbeat`). `role`: scheduler, worker, api or standalone;
    /// `slots`: a worker's parallelism.
    public func recordProcessAlive(
        processID: String, role: String, hostname: String, pid: Int32, slots: Int? = nil, now: Date
    ) async throws {
        try await pool.query(
            """
            INSERT INTO process_heartbeat (process_id, role, hostname, pid, slots, started_at, heartbeat_at)
            VALUES (\(processID), \(role), \(hostname), \(pid), \(slots), \(now), \(now))
            ON CONFLICT (process_id) DO UPDATE
            SET role = excluded.role, hostname = excluded.hostname, pid = excluded.pid, slots = excluded.slots,
                heartbeat_at = excluded.heartbeat_at, stopped_at = NULL
            """)
    }

    /// Records that a process stopped cleanly, so health no longer reports it.
    public func markStopped(processID: String, now: Date) async throws {
        try await pool.query(
            "UPDATE process_heartbeat SET stopped_at = \(now) WHERE process_id = \(processID) AND stopped_at IS NULL")
    }
}
