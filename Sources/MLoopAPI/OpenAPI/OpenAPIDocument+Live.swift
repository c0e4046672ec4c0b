import Foundation

extension OpenAPIDocument {
    /// `?access_token=`: streams are read by the browser's EventSource, which cannot set headers.
    static let accessToken = OpenAPIParameter.query(
        "access_token", .string, "An API token, for EventSource clients that cannot send Authorization")

    /// One Server-Sent Event (what OpenAPI tools check each event of a `text/event-stream` against); `data` is JSON.
    static func serverSentEvent(_ names: [String]) -> JSONSchema {
        JSONSchema.object(
            ["data": .string.described("JSON text")],
            optional: ["event": .oneOf(names), "id": .string, "retry": .integer]
        ).open
    }

    static let liveOperations: [OpenAPIOperation] = [
        .get("/api/v1/events", "streamEvents", "Server-Sent Events of run and task state changes", tag: "live")
            .query([
                .query("workflow_id", .string, "Only this workflow's changes"),
                .query("run_id", .integer, "Only this run's changes"), accessToken,
            ])
            .returns(
                200, serverSentEvent(["run", "task", "resync"]),
                "`event: run` / `event: task` with `data:` {kind, run_id, workflow_id, task_id?, state, "
                    + "try_number?}; `: keep-alive` every 15 s; `event: resync` when events may have been missed",
                contentType: "text/event-stream"
            ).fails(503),
        .get(
            "/api/v1/jobs/{id}/logs/{task_name}/stream", "streamTaskLog", "Follow a try's log as Server-Sent Events",
            tag: "live"
        )
        .query([
            .query("try", .integer(minimum: 0), "The try (default: the latest)"),
            .query("offset", .integer(minimum: 0), "Byte offset to start from"), accessToken,
        ])
        .returns(
            200, serverSentEvent(["log", "end"]),
            "`event: log` {offset, next_offset, content} as chunks are stored, then `event: end` {state, "
                + "try_number, next_offset} once the try finished",
            contentType: "text/event-stream"
        ).fails(503),
        .get("/metrics", "getMetrics", "Prometheus metrics (text format)", tag: "live")
            .returns(200, .string, "Prometheus text format 0.0.4", contentType: "text/plain").fails(503),
    ]
}
