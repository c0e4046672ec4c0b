import Foundation

extension OpenAPIDocument {
    static let jobOperations: [OpenAPIOperation] = [
        .post("/api/v1/jobs/trigger/{workflow_id}", "triggerJob", "Create a manual run (seed 002)", tag: "jobs")
            .body(.ref("TriggerRequest"), required: false).returns(201, .ref("Job")).fails(409)
            .links(201, field: "id", parameter: "id", to: ["getJob", "listXComs", "listTaskInstances"]),
        .get("/api/v1/jobs", "listJobs", "Runs of every workflow, newest first", tag: "jobs")
            .list([.query("workflow_id", .string, "Only this workflow's runs")] + runFilters)
            .returns(200, .array(.ref("Job")), paginated: true),
        .get("/api/v1/jobs/{id}", "getJob", "A run with its task instances and tries", tag: "jobs")
            .returns(200, .ref("JobDetail")),
        .get("/api/v1/jobs/{id}/logs/{task_name}", "getTaskLog", "A try's log from an offset", tag: "jobs")
            .query([
                .query("try", .integer(minimum: 0), "The try (default: the latest)"),
                .query("offset", .integer(minimum: 0), "Byte offset to read from"),
            ]).returns(200, .ref("Log")),
        .get(
            "/api/v1/jobs/{id}/logs/{task_name}/download", "downloadTaskLog", "A try's whole log as a text file",
            tag: "jobs"
        )
        .query([
            .query("try", .integer(minimum: 0), "The try (default: the latest)"),
            .query(
                "access_token", .string,
                "An API token, for a plain link (`<a download>`) that cannot send Authorization"
            ),
        ])
        .returns(
            200, .string,
            "The log as stored, streamed; `Content-Disposition: attachment; "
                + "filename=\"<workflow>-<run>-<task>-try<N>.log\"`",
            contentType: "text/plain"),
        .get("/api/v1/jobs/{id}/xcoms", "listXComs", "Values the run's tries pushed", tag: "jobs")
            .query([.query("task_name", .string, "Only this task's")]).returns(200, .array(.ref("XCom"))),
        .get(
            "/api/v1/jobs/{id}/tasks", "listTaskInstances", "Task instances, with why waiting ones wait",
            tag: "jobs"
        )
        .returns(200, .array(.ref("TaskInstanceStatus"))),
        .get("/api/v1/jobs/{id}/tasks/{task_id}/tries", "listTries", "Every try of a task instance", tag: "jobs")
            .returns(200, .array(.ref("TaskTry"))),
        .get(
            "/api/v1/jobs/{id}/tasks/{task_id}/xcom-pulls", "listXComPulls",
            "The upstream XComs a try read, with the values their keys hold now (null when gone)", tag: "jobs"
        )
        .query([.query("try", .integer(minimum: 0), "The try (default: the latest)")])
        .returns(200, .array(.ref("XComPull"))),
        .post(
            "/api/v1/jobs/{id}/tasks/{task_id}/clear", "clearTask", "Reset a task (and downstream) to pending",
            tag: "jobs"
        )
        .body(.ref("ClearRequest"), required: false).returns(200, .ref("Clear")).fails(409),
        .post(
            "/api/v1/jobs/{id}/tasks/{task_id}/mark", "markTask", "Mark a task instance success or failed",
            tag: "jobs"
        )
        .body(.ref("MarkRequest")).returns(200, .ref("TaskInstanceStatus")).fails(409),
    ]

    static let taskOperations: [OpenAPIOperation] = [
        .post("/api/v1/tasks", "createTask", "Add a task to an API workflow's draft", tag: "tasks")
            .body(.ref("TaskRequest")).returns(201, .ref("Task")).fails(404, 409, 422)
            .links(201, field: "id", parameter: "id", to: ["getTask", "updateTask", "deleteTask"]),
        .get("/api/v1/tasks/{id}", "getTask", "One draft task", tag: "tasks").returns(200, .ref("Task")),
        .put("/api/v1/tasks/{id}", "updateTask", "Change a draft task", tag: "tasks")
            .body(.ref("TaskRequest")).returns(200, .ref("Task")).fails(409, 422),
        .delete("/api/v1/tasks/{id}", "deleteTask", "Remove a draft task", tag: "tasks").returns(204, nil).fails(409),
    ]

    static let monitoringOperations: [OpenAPIOperation] = [
        .get(
            "/api/v1/monitoring/stats", "getStats", "Counts of workflows, runs and task instances by state",
            tag: "monitoring"
        )
        .returns(200, .ref("MonitoringStats")),
        .get("/api/v1/monitoring/health", "getHealth", "Database reachability and heartbeats", tag: "monitoring")
            .publicly.returns(200, .ref("Health")).returns(503, .ref("Health"), "The database does not answer"),
        .get("/api/v1/openapi.json", "getOpenAPI", "This document", tag: "monitoring")
            .returns(200, JSONSchema.object(["openapi": .string, "paths": .map(.any)]).open),
        .get("/api/v1/docs", "getDocs", "This document as an HTML page", tag: "monitoring")
            .returns(200, .string, "An HTML page", contentType: "text/html"),
    ]
}
