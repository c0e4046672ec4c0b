import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// Runs as seed 002 calls them, under `/jobs`: trigger, list, detail, logs, XComs.
struct JobsController: Sendable {
    let queries: RunQueries
    let runs: RunRequests

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.post("trigger/{workflow_id}") { request, context in
            let workflow = WorkflowID(try context.parameter("workflow_id"))
            let payload = try await JSONBody.decodeIfPresent(TriggerPayload.self, from: request) ?? TriggerPayload()
            return try JSONResponse.make(JobResponse(run: try await runs.trigger(workflow, payload)), status: .created)
        }
        group.get { request, _ in
            let workflow = QueryFilter(request: request).string("workflow_id").map { WorkflowID($0) }
            return try await runs.runList(request, workflow: workflow, order: .newestID)
        }
        group.get("{id}") { _, context in
            let detail = try await runs.detail(context)
            return try JSONResponse.make(JobResponse(run: detail.run, detail: detail))
        }
        group.get("{id}/logs/{task_name}") { request, context in
            let detail = try await runs.detail(context)
            let task = TaskID(try context.parameter("task_name"))
            guard let instance = detail.taskInstances.first(where: { $0.taskID == task }) else {
                throw APIError.notFound("job \(detail.run.runID) has no task '\(task)'")
            }
            let query = request.uri.queryParameters
            let tryNumber =
                try query.get("try").map { try QueryFilter.nonNegativeInteger($0, "try") } ?? instance.tryNumber
            let offset = try query.get("offset").map { try QueryFilter.nonNegativeInteger($0, "offset") } ?? 0
            let log =
                tryNumber == 0
                ? (content: "", nextOffset: Int64(offset))
                : try await queries.log(
                    TryRef(runID: detail.run.runID, taskID: task, tryNumber: tryNumber), fromOffset: Int64(offset))
            return try JSONResponse.make(
                LogResponse(
                    jobID: detail.run.runID, taskName: task, tryNumber: tryNumber, state: instance.state,
                    content: log.content, offset: Int64(offset), nextOffset: log.nextOffset))
        }
        group.get("{id}/xcoms") { request, context in
            let id = RunID(try context.integerParameter("id"))
            guard try await queries.run(id) != nil else { throw APIError.notFound("no job with id \(id)") }
            let task = request.uri.queryParameters.get("task_name").map { TaskID($0) }
            return try JSONResponse.make(try await queries.xcoms(of: id, task: task))
        }
    }
}
