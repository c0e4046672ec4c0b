import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

extension APIRoutes {
    func addJobRoutes(_ group: RouterGroup<APIRequestContext>) {
        group.post("trigger/{workflow_id}") { request, context in
            let workflow = WorkflowID(try context.parameter("workflow_id"))
            let buffer = try await request.body.collect(upTo: JSONBody.maximumBytes)
            var conf: [String: JSONValue] = [:]
            if buffer.readableBytes > 0 {
                do {
                    conf =
                        try JSONDecoder().decode(TriggerPayload.self, from: Data(buffer.readableBytesView)).conf ?? [:]
                } catch let error as DecodingError {
                    throw APIError.badRequest(JSONBody.describe(error))
                }
            }
            let created = try await runs.createRun(
                NewRun(workflowID: workflow, runType: .manual, logicalDate: clock(), conf: conf))
            return try JSONResponse.make(JobResponse(run: created.run), status: .created)
        }
        group.get { request, _ in
            let limit = try Self.limit(request)
            let workflow = request.uri.queryParameters.get("workflow_id").map { WorkflowID($0) }
            let records = try await runs.recentRuns(workflow: workflow, limit: limit)
            return try JSONResponse.make(records.map { JobResponse(run: $0) })
        }
        group.get("{id}") { _, context in
            let detail = try await detail(context)
            return try JSONResponse.make(JobResponse(run: detail.run, detail: detail))
        }
        group.get("{id}/logs/{task_name}") { request, context in
            let detail = try await detail(context)
            let task = TaskID(try context.parameter("task_name"))
            guard let instance = detail.taskInstances.first(where: { $0.taskID == task }) else {
                throw APIError.notFound("job \(detail.run.runID) has no task '\(task)'")
            }
            let query = request.uri.queryParameters
            let tryNumber = try query.get("try").map { try Self.integer($0, "try") } ?? instance.tryNumber
            let offset = try query.get("offset").map { try Self.integer($0, "offset") } ?? 0
            let log =
                tryNumber == 0
                ? (content: "", nextOffset: Int64(offset))
                : try await runs.log(
                    TryRef(runID: detail.run.runID, taskID: task, tryNumber: tryNumber), fromOffset: Int64(offset))
            return try JSONResponse.make(
                LogResponse(
                    jobID: detail.run.runID, taskName: task, tryNumber: tryNumber, state: instance.state,
                    content: log.content, offset: Int64(offset), nextOffset: log.nextOffset))
        }
        group.get("{id}/xcoms") { request, context in
            let id = RunID(try context.integerParameter("id"))
            guard try await runs.run(id) != nil else { throw APIError.notFound("no job with id \(id)") }
            let task = request.uri.queryParameters.get("task_name").map { TaskID($0) }
            return try JSONResponse.make(try await runs.xcoms(of: id, task: task))
        }
    }

    private func detail(_ context: APIRequestContext) async throws -> RunDetail {
        let id = RunID(try context.integerParameter("id"))
        guard let detail = try await runs.run(id) else { throw APIError.notFound("no job with id \(id)") }
        return detail
    }

    private static func limit(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return 100 }
        let limit = try integer(text, "limit")
        guard (1...1000).contains(limit) else { throw APIError.badRequest("limit must be between 1 and 1000") }
        return limit
    }

    private static func integer(_ text: String, _ name: String) throws -> Int {
        guard let value = Int(text), value >= 0 else {
            throw APIError.badRequest("query parameter '\(name)' must be a non-negative integer, not '\(text)'")
        }
        return value
    }
}
