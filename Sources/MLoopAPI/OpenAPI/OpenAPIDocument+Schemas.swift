import Foundation
import MLoopCore

// Response and request bodies. A field in the first dictionary of `.object` is always present; an optional one is
// left out when it has no value (Swift's `encodeIfPresent`); `.nullable` marks fields written as null.
extension OpenAPIDocument {
    static let sharedSchemas: [String: JSONSchema] = [
        "Error": .object(
            ["error": .string.described("Short and stable: bad_request, not_found, conflict, …"), "detail": .string],
            optional: ["issues": .array(.string).described("Every validation problem (422)")]),
        "DataInterval": .object(["start": .dateTime, "end": .dateTime]),
        "ValidationIssue": .object(
            ["message": .string, "path": .string], optional: ["file": .string, "line": .integer, "column": .integer]),
        "ImportError": .object([
            "file_path": .string, "message": .string, "issues": .array(.ref("ValidationIssue")),
            "created_at": .dateTime,
        ]),
        "MonitoringStats": .object([
            "workflows": .integer, "runs": .map(.integer), "task_instances": .map(.integer),
            "window_hours": .integer,
        ]),
        "Health": .object(
            ["status": .oneOf(["ok", "unhealthy"]), "database": .oneOf(["ok", "unreachable"])],
            optional: ["detail": .string, "schema_version": .integer, "latest_heartbeats": .map(.dateTime)]),
    ]

    /// A run's fields (`RunRecord`); jobs, grid columns and backfill outcomes extend them.
    static let runFields: (required: [String: JSONSchema], optional: [String: JSONSchema]) = (
        [
            "run_id": .integer, "workflow_id": .string, "version_number": .integer,
            "run_type": .enumeration(RunType.self), "state": .enumeration(RunState.self), "logical_date": .dateTime,
            "conf": .map(.any), "created_at": .dateTime, "queued_at": .dateTime,
        ],
        [
            "data_interval": .ref("DataInterval"), "note": .string, "started_at": .dateTime, "ended_at": .dateTime,
        ]
    )

    static func run(adding fields: [String: JSONSchema]) -> JSONSchema {
        .object(runFields.required.merging(fields) { _, new in new }, optional: runFields.optional)
    }

    static let taskInstanceFields: (required: [String: JSONSchema], optional: [String: JSONSchema]) = (
        [
            "task_id": .string, "state": .enumeration(TaskInstanceState.self), "try_number": .integer,
            "max_tries": .integer,
        ],
        [
            "next_try_at": .dateTime, "queued_at": .dateTime, "started_at": .dateTime, "ended_at": .dateTime,
            "progress": .any, "metadata": .any, "branch_choice": .array(.string),
        ]
    )

    static let runSchemas: [String: JSONSchema] = [
        "Run": run(adding: [:]),
        "Job": run(adding: ["id": .integer.described("The run's id (seed 002's name)")]),
        "JobDetail": run(adding: [
            "id": .integer, "task_instances": .array(.ref("TaskInstance")), "tries": .array(.ref("TaskTry")),
        ]),
        "TaskInstance": .object(taskInstanceFields.required, optional: taskInstanceFields.optional),
        "TaskInstanceStatus": .object(
            taskInstanceFields.required.merging([
                "job_id": .integer,
                "waiting_reason": JSONSchema.string.nullable.described("Why a waiting instance waits"),
            ]) { _, new in new }, optional: taskInstanceFields.optional),
        "TaskTry": .object(
            [
                "task_id": .string, "try_number": .integer,
                "state": .oneOf(TaskTryState.allCases.map(\.rawValue)), "queued_at": .dateTime,
                "log_bytes": .integer,
            ],
            optional: [
                "worker_id": .string, "hostname": .string, "started_at": .dateTime, "ended_at": .dateTime,
                "heartbeat_at": .dateTime, "exit_code": .integer, "error": .string,
            ]),
        "Log": .object([
            "job_id": .integer, "task_name": .string, "try_number": .integer,
            "state": .enumeration(TaskInstanceState.self), "content": .string, "offset": .integer,
            "next_offset": .integer,
        ]),
        "XCom": .object([
            "run_id": .integer, "task_id": .string, "key": .string, "try_number": .integer, "value": .any,
            "created_at": .dateTime,
        ]),
        "XComPull": .object(["from_task_id": .string, "key": .string, "value": .any]),
        "Clear": .object(["job_id": .integer, "cleared": .array(.string)]),
        "BackfillOutcome": .object(
            [
                "data_interval": .ref("DataInterval"), "action": .oneOf(["created", "existing", "reprocessed"]),
                "cleared_tasks": .array(.string),
            ], optional: ["run": .ref("Run")]),
        "Backfill": .object([
            "dry_run": .boolean, "intervals": .integer, "created": .integer, "existing": .integer,
            "reprocessed": .integer, "runs": .array(.ref("BackfillOutcome")),
        ]),
        "RunSummary": .object([
            "run_id": .integer, "state": .enumeration(RunState.self), "run_type": .enumeration(RunType.self),
            "logical_date": .dateTime,
        ]),
    ]

    static let requestSchemas: [String: JSONSchema] = [
        "TriggerRequest": .object(
            [:], optional: ["conf": .map(.any), "logical_date": .string.described("ISO 8601"), "note": .string]),
        "BackfillRequest": .object(
            ["start": .string, "end": .string],
            optional: ["conf": .map(.any), "reprocess_failed": .boolean, "dry_run": .boolean]),
        "ClearRequest": .object([:], optional: ["downstream": .boolean]),
        "MarkRequest": .object(["state": .oneOf(["success", "failed"])]),
    ]
}
