import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// Server-Sent Events (run and task changes, log follow) and `/metrics`.
struct LiveController: Sendable {
    let live: LiveServices?
    let queries: RunQueries

    /// `GET /api/v1/events` (run and task changes) and `GET /api/v1/jobs/{id}/logs/{task_name}/stream` (log follow),
    /// both Server-Sent Events.
    func addRoutes(to api: RouterGroup<APIRequestContext>) {
        api.get("events") { request, _ in
            let hub = try liveServices().hub
            let query = request.uri.queryParameters
            let workflow = query.get("workflow_id")
            let run = try query.get("run_id").map { text in
                guard let id = Int64(text) else {
                    throw APIError.badRequest("query parameter 'run_id' must be an integer, not '\(text)'")
                }
                return id
            }
            // Subscribed before the response starts, so nothing after the client sees the stream open is missed.
            let stream = await hub.subscribe { event in
                guard case .change(let change) = event else { return false }
                return (workflow == nil || change.workflowID == workflow) && (run == nil || change.runID == run)
            }
            return ServerSentEvent.response { send in
                for await event in stream {
                    switch event {
                    case .change(let change): try await send(try .json(change.kind, change))
                    case .resync: try await send(ServerSentEvent(event: "resync", data: "{}"))
                    case .keepAlive: try await send(.keepAlive)
                    case .log: break
                    }
                }
            }
        }
        api.get("jobs/{id}/logs/{task_name}/stream") { request, context in
            try await logStream(request, context)
        }
    }

    /// `GET /metrics`: Prometheus text format.
    func addMetricsRoute(to router: Router<APIRequestContext>) {
        router.get("metrics") { _, _ in
            let text = try await liveServices().metrics.scrape()
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
    }

    private func liveServices() throws -> LiveServices {
        guard let live else {
            throw APIError(.serviceUnavailable, "unavailable", "live events and metrics are not served by this router")
        }
        return live
    }

    private func logStream(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let hub = try liveServices().hub
        let id = RunID(try context.integerParameter("id"))
        let task = TaskID(try context.parameter("task_name"))
        guard let detail = try await queries.run(id) else { throw APIError.notFound("no job with id \(id)") }
        guard let instance = detail.taskInstances.first(where: { $0.taskID == task }) else {
            throw APIError.notFound("job \(id) has no task '\(task)'")
        }
        let query = request.uri.queryParameters
        let tryNumber =
            try query.get("try").map { try QueryFilter.nonNegativeInteger($0, "try") } ?? max(instance.tryNumber, 1)
        let start = Int64(try query.get("offset").map { try QueryFilter.nonNegativeInteger($0, "offset") } ?? 0)
        let ref = TryRef(runID: id, taskID: task, tryNumber: tryNumber)
        let stream = await hub.subscribe { event in
            switch event {
            case .log(let chunk): chunk == ref
            case .change(let change): change.runID == id.rawValue && change.taskID == task.rawValue
            default: false
            }
        }
        let runs = queries
        return ServerSentEvent.response { send in
            var follower = LogFollower(runs: runs, ref: ref, offset: start)
            var events = stream.makeAsyncIterator()
            while true {
                if let end = try await follower.catchUp(send) {
                    try await send(try .json("end", end))
                    return
                }
                guard let event = await events.next() else { return }
                if event == .keepAlive { try await send(.keepAlive) }
            }
        }
    }
}
