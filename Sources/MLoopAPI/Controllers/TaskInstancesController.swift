import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// A job's task instances and tries: list, XCom pulls, clear, mark.
struct TaskInstancesController: Sendable {
    let runs: RunRequests

    /// A run's task instances (with why waiting ones wait), a task's tries, the XComs a try pulled, clear and mark.
    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("{id}/tasks") { _, context in
            let detail = try await runs.detail(context)
            let reasons = try await runs.operations.explain(detail.run.runID, now: runs.clock())
            return try JSONResponse.make(
                detail.taskInstances.map {
                    TaskInstanceResponse(runID: detail.run.runID, instance: $0, waitingReason: reasons[$0.taskID])
                })
        }
        group.get("{id}/tasks/{task_id}/tries") { _, context in
            let detail = try await runs.detail(context)
            let task = TaskID(try context.parameter("task_id"))
            guard detail.taskInstances.contains(where: { $0.taskID == task }) else {
                throw APIError.notFound("job \(detail.run.runID) has no task '\(task)'")
            }
            return try JSONResponse.make(detail.tries.filter { $0.taskID == task })
        }
        group.get("{id}/tasks/{task_id}/xcom-pulls") { request, context in
            let detail = try await runs.detail(context)
            let task = TaskID(try context.parameter("task_id"))
            guard let instance = detail.taskInstances.first(where: { $0.taskID == task }) else {
                throw APIError.notFound("job \(detail.run.runID) has no task '\(task)'")
            }
            let tryNumber =
                try request.uri.queryParameters.get("try").map { try QueryFilter.nonNegativeInteger($0, "try") }
                ?? instance.tryNumber
            return try JSONResponse.make(
                try await runs.queries.xcomPulls(of: detail.run.runID, task: task, tryNumber: tryNumber))
        }
        group.post("{id}/tasks/{task_id}/clear") { request, context in
            let run = RunID(try context.integerParameter("id"))
            let payload = try await JSONBody.decodeIfPresent(ClearPayload.self, from: request) ?? ClearPayload()
            let cleared = try await runs.operations.clearTask(
                run, TaskID(try context.parameter("task_id")), downstream: payload.downstream ?? false,
                now: runs.clock())
            return try JSONResponse.make(ClearResponse(jobID: run, cleared: cleared))
        }
        group.post("{id}/tasks/{task_id}/mark") { request, context in
            let run = RunID(try context.integerParameter("id"))
            let task = TaskID(try context.parameter("task_id"))
            let payload = try await JSONBody.decode(MarkPayload.self, from: request)
            guard let state = TaskInstanceState(rawValue: payload.state), state == .success || state == .failed else {
                throw APIError.badRequest("field 'state' must be 'success' or 'failed', not '\(payload.state)'")
            }
            try await runs.operations.markTask(run, task, as: state, now: runs.clock())
            guard let detail = try await runs.queries.run(run),
                let instance = detail.taskInstances.first(where: { $0.taskID == task })
            else { throw APIError.notFound("no job with id \(run)") }
            return try JSONResponse.make(TaskInstanceResponse(runID: run, instance: instance, waitingReason: nil))
        }
    }
}
