import Foundation
import MLoopCore
import MLoopPostgres

extension WorkflowStore {
    /// A page of the files that currently fail to load, by path, those after `afterPath` (keyset).
    public func importErrors(afterPath: String?, limit: Int) async throws -> [ImportErrorRecord] {
        let rows = try await pool.query(
            """
            SELECT file_path, message, issues, created_at FROM import_error
            WHERE (\(afterPath)::text IS NULL OR file_path > \(afterPath))
            ORDER BY file_path LIMIT \(limit)
            """)
        return try rows.map { row in
            ImportErrorRecord(
                filePath: try row.decode("file_path", as: String.self),
                message: try row.decode("message", as: String.self),
                issues: try row.decode("issues", as: PostgresJSON.self).decode([ValidationIssue].self),
                createdAt: try row.decode("created_at", as: Date.self))
        }
    }
}
