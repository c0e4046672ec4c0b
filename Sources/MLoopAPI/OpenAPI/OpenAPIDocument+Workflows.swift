import Foundation

extension OpenAPIDocument {
    static let workflowOperations: [OpenAPIOperation] = [
        .post("/api/v1/workflows", "createWorkflow", "Create an API workflow (a draft)", tag: "workflows")
            .body(.ref("WorkflowRequest")).returns(201, .ref("Workflow")).fails(409, 422)
            .links(
                201, field: "id", parameter: "id",
                to: ["getWorkflow", "updateWorkflow", "deleteWorkflow", "deployWorkflow", "rollbackWorkflow"]),
        .get("/api/v1/workflows", "listWorkflows", "Workflows with their next run and latest runs", tag: "workflows")
            .list([
                .query("paused", .boolean, "Only paused (true) or active (false) workflows"),
                .query("source", .oneOf(["api", "file"]), "Where the workflow is defined"),
                .query("q", .string, "Text the id or description contains"),
            ]).returns(200, .array(.ref("WorkflowListEntry")), paginated: true),
        .get(
            "/api/v1/workflows/{id}", "getWorkflow", "One workflow (API workflows with their draft's tasks)",
            tag: "workflows"
        )
        .returns(200, .ref("Workflow")),
        .put("/api/v1/workflows/{id}", "updateWorkflow", "Change an API workflow's draft", tag: "workflows")
            .body(.ref("WorkflowRequest")).returns(200, .ref("Workflow")).fails(409, 422),
        .delete("/api/v1/workflows/{id}", "deleteWorkflow", "Delete an API workflow", tag: "workflows")
            .returns(204, nil).fails(409),
        .post(
            "/api/v1/workflows/{id}/deploy", "deployWorkflow", "Validate the draft and make it the current version",
            tag: "workflows"
        )
        .returns(200, .ref("Deploy")).fails(409, 422),
        .post("/api/v1/workflows/{id}/pause", "pauseWorkflow", "Pause: no new scheduled runs", tag: "workflows")
            .returns(200, .ref("Workflow")),
        .post("/api/v1/workflows/{id}/unpause", "unpauseWorkflow", "Unpause", tag: "workflows")
            .returns(200, .ref("Workflow")),
        .post(
            "/api/v1/workflows/validate", "validateWorkflow", "Check a YAML workflow's source; nothing is stored",
            tag: "workflows"
        )
        .body(.ref("ValidateRequest")).returns(200, .ref("Validation")),
        .post(
            "/api/v1/workflows/yaml", "saveWorkflowYAML",
            "Save YAML as a new version of the API workflow its `id` names (created when new)", tag: "workflows"
        )
        .body(.ref("YAMLRequest"))
        .returns(201, .ref("Deploy"), "Stored as a new version, now current")
        .returns(200, .ref("Deploy"), "Equal to an existing version, which became current again")
        .fails(409, 422),
        .get(
            "/api/v1/workflows/{id}/graph", "getWorkflowGraph", "Tasks in topological order and their edges",
            tag: "workflows"
        )
        .query([.query("run_id", .integer, "Add this run's task states")]).returns(200, .ref("Graph")),
        .get(
            "/api/v1/workflows/{id}/grid", "getWorkflowGrid", "The latest runs × tasks, a page of runs",
            tag: "workflows"
        )
        .query([
            .query("limit", .integer(minimum: 1, maximum: 1000), "How many runs (default 25)"),
            .query("cursor", .string, "The previous page's `X-Next-Cursor`: the next older runs"),
        ])
        .returns(200, .ref("Grid"), paginated: true),
    ]

    static let versionOperations: [OpenAPIOperation] = [
        .get("/api/v1/workflows/{id}/versions", "listVersions", "A workflow's versions, newest first", tag: "versions")
            .list().returns(200, .array(.ref("Version")), paginated: true),
        .get(
            "/api/v1/workflows/{id}/versions/{number}", "getVersion", "One version with its source and definition",
            tag: "versions"
        )
        .returns(200, .ref("Version")),
        .get(
            "/api/v1/workflows/{id}/versions/{number}/diff/{to}", "diffVersions",
            "The unified diff of two versions' sources", tag: "versions"
        )
        .returns(200, .ref("VersionDiff")),
        .post(
            "/api/v1/workflows/{id}/rollback", "rollbackWorkflow", "Make an earlier version current (API workflows)",
            tag: "versions"
        )
        .body(.ref("RollbackRequest")).returns(200, .ref("Rollback")).fails(409),
    ]

    /// The run list filters (`state` and `run_type` comma-separated).
    static let runFilters: [OpenAPIParameter] = [
        .query("state", .string, "Comma-separated run states: queued, running, success, failed"),
        .query("run_type", .string, "Comma-separated: scheduled, manual, backfill"),
        .query("logical_date_gte", .string, "ISO 8601"),
        .query("logical_date_lte", .string, "ISO 8601"),
    ]

    static let runOperations: [OpenAPIOperation] = [
        .get(
            "/api/v1/workflows/{id}/runs", "listWorkflowRuns", "A workflow's runs, newest logical date first",
            tag: "runs"
        )
        .list(runFilters).returns(200, .array(.ref("Job")), paginated: true),
        .post("/api/v1/workflows/{id}/runs", "triggerWorkflowRun", "Create a manual run", tag: "runs")
            .body(.ref("TriggerRequest"), required: false).returns(201, .ref("Job")).fails(409),
        .post(
            "/api/v1/workflows/{id}/backfill", "backfillWorkflow", "Create runs for every interval in a range",
            tag: "runs"
        )
        .body(.ref("BackfillRequest")).returns(201, .ref("Backfill"))
        .returns(200, .ref("Backfill"), "A dry run: what a backfill would do").fails(409),
        .get("/api/v1/import-errors", "listImportErrors", "DAGs files that fail to load", tag: "workflows")
            .list().returns(200, .array(.ref("ImportError")), paginated: true),
    ]
}
