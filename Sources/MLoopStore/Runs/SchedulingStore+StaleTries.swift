import Foundation
import MLoopCore
import MLoopPostgres

extension SchedulingStore {
    /// Fails the running tries whose heartbeat is older than `heartbeatTimeout` (their worker died) and retries them
    /// per policy. Tries another transaction holds are left for the next call. Returns the tries failed.
    public func failStaleTries(heartbeatTimeout: Duration, now: Date) async throws -> [TryRef] {
        let cutoff = now.addingTimeInterval(-heartbeatTimeout.seconds)
        return try await pool.withTransaction { connection in
            let stale = try await openTries(
                "ti.state = 'running' AND y.state = 'running' AND y.heartbeat_at < \(cutoff)", tryNumber: nil,
                skipLocked: true, connection)
            var failed: [TryRef] = []
            for open in stale where open.isCurrent {
                let error =
                    "worker stopped heartbeating: no heartbeat since \(Timestamp.format(cutoff)) "
                    + "(heartbeat timeout \(Int(heartbeatTimeout.seconds)) s)"
                let end = TryEndRecord(event: .heartbeatLost, exitCode: nil, error: error)
                try await record(end, of: open, log: nil, now: now, connection)
                failed.append(open.ref)
            }
            return failed
        }
    }
}
