import Foundation
import MLoopCore
import MLoopPostgres

extension RunTables {
    func appendLogSQL(_ chunk: LogChunk, of ref: TryRef) -> SQL {
        """
        WITH \(insertChunk(chunk, of: ref))
        UPDATE task_try y SET log_bytes = greatest(y.log_bytes, i.end_offset)
        FROM inserted_chunk i
        WHERE y.run_id = \(ref.runID.rawValue) AND y.task_id = \(ref.taskID.rawValue) AND y.try_number = \(ref.tryNumber)
        """
    }

    // A CTE named inserted_chunk: the chunk's row (none when its number is already stored) and its end offset.
    func insertChunk(_ chunk: LogChunk, of ref: TryRef) -> SQL {
        """
        inserted_chunk AS (
            INSERT INTO task_log_chunk (run_id, task_id, try_number, chunk_number, byte_offset, content)
            VALUES (\(ref.runID.rawValue), \(ref.taskID.rawValue), \(ref.tryNumber), \(chunk.chunkNumber),
                    \(chunk.byteOffset), \(chunk.storable))
            ON CONFLICT DO NOTHING
            RETURNING byte_offset + octet_length(content) AS end_offset
        )
        """
    }
}
