import Foundation
import MLoopCore
import MLoopStore

extension OpenAPIDocument {
    static let workflowFields: [String: JSONSchema] = [
        "id": .string, "name": .string.described("Equal to id"), "description": JSONSchema.string.nullable,
        "schedule": JSONSchema.string.nullable, "is_active": .boolean.described("Not paused"),
        "source_kind": .oneOf(["api", "file"]), "file_path": JSONSchema.string.nullable,
        "deployed_version": JSONSchema.integer.nullable, "created_at": .dateTime, "updated_at": .dateTime,
    ]

    static let workflowSchemas: [String: JSONSchema] = [
        "Workflow": .object(
            workflowFields,
            optional: [
                "tasks": .array(.ref("Task")).described("The draft's tasks (API workflows)"),
                "form_unsupported": .array(.string).described(
                    "GET of an API workflow: settings of its current version (saved as YAML) that the draft cannot "
                        + "hold, e.g. `timezone`, `tasks.load (a command task)`; while any, deploying the draft is "
                        + "refused (409)"),
            ]),
        "WorkflowListEntry": .object(
            workflowFields.merging([
                "next_run_at": JSONSchema.dateTime.nullable, "next_logical_date": JSONSchema.dateTime.nullable,
                "last_runs": .array(.ref("RunSummary")),
            ]) { _, new in new }, optional: ["tasks": .array(.ref("Task"))]),
        "WorkflowRequest": .object(
            [:],
            optional: [
                "name": .string.described("Required on POST; on PUT it must equal the id"),
                "description": JSONSchema.string.nullable, "schedule": JSONSchema.string.nullable,
                "is_active": .boolean,
            ]),
        "Task": .object([
            "id": .integer, "workflow_id": .string, "name": .string, "kind": .enumeration(TaskDraftKind.self),
            "code": .string, "python_callable": .string.described("The same as `code` (seed 002's name)"),
            "params": .map(.any), "dependencies": .array(.string), "retry_count": .integer, "retry_delay": .number,
            "timeout": JSONSchema.number.nullable.described("Seconds; null for none"),
            "trigger_rule": .enumeration(TriggerRule.self), "created_at": .dateTime, "updated_at": .dateTime,
        ]),
        "TaskRequest": .object(
            ["name": .string],
            optional: [
                "workflow_id": .string.described("Required on POST"),
                "kind": .enumeration(TaskDraftKind.self).described("Default python"),
                "code": .string.described(
                    "The task's source: Python (with `context`), a bash script, or Swift; required unless "
                        + "`python_callable` is given"),
                "python_callable": .string.described(
                    "Seed 002's name for `code`, for every kind; when both are given they must be equal"),
                "params": .map(.any),
                "dependencies": .array(.string), "retry_count": .integer(minimum: 0, maximum: Int(Int32.max)),
                "retry_delay": .number.described("Seconds, 0 to 3153600000"),
                "timeout": .number.described("Seconds a try may run, greater than 0; absent for no limit"),
                "trigger_rule": .enumeration(TriggerRule.self).described("Default all_success"),
            ]),
        "Deploy": .object(["id": .string, "version": .integer, "created": .boolean]),
        "Version": .object(
            [
                "workflow_id": .string, "version": .integer, "content_hash": .string,
                "source_kind": .oneOf(["api", "file"]), "file_path": JSONSchema.string.nullable,
                "source_format": .oneOf(["yaml", "swift", "json"]), "created_at": .dateTime, "is_current": .boolean,
            ],
            optional: [
                "source": .string,
                "definition": JSONSchema.object(["id": .string, "tasks": .array(JSONSchema.object([:]).open)]).open,
            ]),
        "Hunk": .object([
            "old_start": .integer, "old_count": .integer, "new_start": .integer, "new_count": .integer,
            "lines": .array(.string),
        ]),
        "VersionDiff": .object([
            "from": .integer, "to": .integer, "diff": .string, "hunks": .array(.ref("Hunk")),
        ]),
        "YAMLRequest": .object(["source": .string.described("The workflow's YAML; it must set `id`")]),
        "ValidateRequest": .object(
            ["source": .string],
            optional: ["format": .string.described("Only yaml"), "name": .string.described("The id when none given")]
        ).open,
        "Validation": .object(
            [
                "valid": .boolean,
                "issues": .array(
                    .object(
                        ["path": .string, "message": .string], optional: ["line": .integer, "column": .integer])),
            ],
            optional: [
                "workflow_id": .string, "tasks": .array(.object(["id": .string, "needs": .array(.string)])),
            ]),
        "RollbackRequest": .object(["version": .integer]),
        "Rollback": .object(["id": .string, "version": .integer], optional: ["previous_version": .integer]),
        "Graph": .object(
            [
                "workflow_id": .string, "version": .integer,
                "nodes": .array(
                    .object(
                        [
                            "id": .string, "kind": .string, "trigger_rule": .enumeration(TriggerRule.self),
                            "retries": .integer,
                        ],
                        optional: [
                            "description": .string, "state": .enumeration(TaskInstanceState.self),
                            "try_number": .integer,
                        ])),
                "edges": .array(.object(["from": .string, "to": .string])),
            ], optional: ["run_id": .integer, "run_state": .enumeration(RunState.self)]),
        "Grid": .object([
            "workflow_id": .string, "version": .integer,
            "tasks": .array(.object(["id": .string, "kind": .string, "upstream": .array(.string)])),
            "runs": .array(
                run(adding: [
                    "task_instances": .map(
                        .object(
                            [
                                "state": .enumeration(TaskInstanceState.self), "try_number": .integer,
                                "max_tries": .integer,
                            ], optional: ["started_at": .dateTime, "ended_at": .dateTime]))
                ])),
        ]),
    ]
}
