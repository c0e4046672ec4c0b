import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// `GET /jobs/{id}/logs/{task}/download`: a try's whole log, streamed.
struct LogDownloadController: Sendable {
    let queries: RunQueries

    /// `GET /jobs/{id}/logs/{task_name}/download?try=N`: a try's whole log as a file (see `LogDownload`). It also
    /// accepts `?access_token=`, so a plain `<a download>` link works (see `APIAccessPolicy`).
    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("{id}/logs/{task_name}/download") { request, context in
            let id = RunID(try context.integerParameter("id"))
            let task = TaskID(try context.parameter("task_name"))
            guard let detail = try await queries.run(id) else { throw APIError.notFound("no job with id \(id)") }
            guard let instance = detail.taskInstances.first(where: { $0.taskID == task }) else {
                throw APIError.notFound("job \(id) has no task '\(task)'")
            }
            let tryNumber = try request.uri.queryParameters.get("try").map { text in
                guard let value = Int(text), value >= 0 else {
                    throw APIError.badRequest("query parameter 'try' must be a non-negative integer, not '\(text)'")
                }
                return value
            }
            guard let chosen = tryNumber ?? (instance.tryNumber > 0 ? instance.tryNumber : nil) else {
                throw APIError.notFound("task '\(task)' of job \(id) has not run yet: there is no log to download")
            }
            guard detail.tries.contains(where: { $0.taskID == task && $0.tryNumber == chosen }) else {
                throw APIError.notFound(
                    "task '\(task)' of job \(id) has no try \(chosen) (its latest is \(instance.tryNumber))")
            }
            return LogDownload(
                runs: queries, ref: TryRef(runID: id, taskID: task, tryNumber: chosen),
                workflowID: detail.run.workflowID.rawValue
            ).response()
        }
    }
}
