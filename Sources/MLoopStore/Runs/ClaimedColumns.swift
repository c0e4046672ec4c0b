import MLoopPostgres

/// The columns a claim returns, in order: name, SQL type, and how it is read from the `started` CTE (aliased `s`)
/// joined to its run (`r`). One list builds both the claim's SELECT and, for the rows of another kind that
/// `finishTriesTogether` returns in the same statement (UNION ALL), the same columns with NULLs of the right types.
enum ClaimedColumns {
    static let all: [(name: String, type: String, expression: String)] = [
        ("run_id", "bigint", "s.run_id"), ("task_id", "text", "s.task_id"), ("try_number", "int", "s.try_number"),
        ("max_tries", "int", "s.max_tries"), ("workflow_id", "text", "r.workflow_id"),
        ("version_id", "bigint", "r.version_id"), ("run_type", "text", "r.run_type"),
        ("logical_date", "timestamptz", "r.logical_date"),
        ("data_interval_start", "timestamptz", "r.data_interval_start"),
        ("data_interval_end", "timestamptz", "r.data_interval_end"), ("conf", "jsonb", "r.conf"),
        ("has_xcoms", "boolean", "EXISTS (SELECT 1 FROM xcom x WHERE x.run_id = s.run_id)"),
    ]

    /// The claim's columns and FROM clause, without the SELECT.
    static let select = SQL(
        unsafeRaw: all.map { "\($0.expression) AS \($0.name)" }.joined(separator: ", ")
            + " FROM started s JOIN workflow_run r ON r.run_id = s.run_id")

    /// The same columns for a row that is not a claim: those named in `kept` read from the row, NULL for the rest.
    static func placeholders(keeping kept: Set<String>) -> SQL {
        SQL(
            unsafeRaw: all.map { kept.contains($0.name) ? $0.name : "NULL::\($0.type) AS \($0.name)" }
                .joined(separator: ", "))
    }
}
