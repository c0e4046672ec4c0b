import Foundation
import MLoopCore
import MLoopPostgres

extension WorkerQueue {
    public func finishTry(
        _ ref: TryRef, _ outcome: TryOutcome, pulls: [XComPull] = [], finalLog: LogChunk? = nil, now: Date
    ) async throws -> Bool {
        let reported = TryEnd(ref: ref, outcome: outcome, pulls: pulls, finalLog: finalLog)
        if reported.isRecordableTogether { return try await finishTriesTogether([reported], now: now)[0] }
        return try await pool.withTransaction { connection in
            let rows = try await openTries(
                "ti.run_id = \(ref.runID.rawValue) AND ti.task_id = \(ref.taskID.rawValue)", tryNumber: ref.tryNumber,
                skipLocked: false, connection)
            guard let open = rows.first, open.isCurrent else {
                if let finalLog { try await connection.query(appendLogSQL(finalLog, of: ref)) }
                return false
            }
            var end = TryEndRecord(outcome)
            end.pulls = pulls
            try await record(end, of: open, log: finalLog, now: now, connection)
            return true
        }
    }
}
