import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

extension APIRoutes {
    /// A run's task instances (with why waiting ones wait), a task's tries, the XComs a try pulled, clear and mark.
    func addTaskInstanceRoutes(_ group: RouterGroup<APIRequestContext>) {
        group.get("{id}/tasks") { _, context in
            let detail = try await runDetail(context)
            let reasons = try await operations.explain(detail.run.runID, now: clock())
            return try JSONResponse.make(
                detail.taskInstances.map {
                    TaskInstanceResponse(runID: detail.run.runID, instance: $0, waitingReason: reasons[$0.taskID])
                })
        }
        group.get("{id}/tasks/{task_id}/tries") { _, context in
            let detail = try await runDetail(context)
            let task = TaskID(try context.parameter("task_id"))
            guard detail.taskInstances.contains(where: { $0.taskID == task }) else {
                throw APIError.notFound("job \(detail.run.runID) has no task '\(task)'")
            }
            return try JSONResponse.make(detail.tries.filter { $0.taskID == task })
        }
        group.get("{id}/tasks/{task_id}/xcom-pulls") { request, context in
            let detail = try await runDetail(context)
            let task = TaskID(try context.parameter("task_id"))
            guard let instance = detail.taskInstances.first(where: { $0.taskID == task }) else {
                throw APIError.notFound("job \(detail.run.runID) has no task '\(task)'")
            }
            let tryNumber = try request.uri.queryParameters.get("try").map(Self.tryNumber) ?? instance.tryNumber
            return try JSONResponse.make(
                try await queries.xcomPulls(of: detail.run.runID, task: task, tryNumber: tryNumber))
        }
        group.post("{id}/tasks/{task_id}/clear") { request, context in
            let run = RunID(try context.integerParameter("id"))
            let payload = try await JSONBody.decodeIfPresent(ClearPayload.self, from: request) ?? ClearPayload()
            let cleared = try await operations.clearTask(
                run, TaskID(try context.parameter("task_id")), downstream: payload.downstream ?? false, now: clock())
            return try JSONResponse.make(ClearResponse(jobID: run, cleared: cleared))
        }
        group.post("{id}/tasks/{task_id}/mark") { request, context in
            let run = RunID(try context.integerParameter("id"))
            let task = TaskID(try context.parameter("task_id"))
            let payload = try await JSONBody.decode(MarkPayload.self, from: request)
            guard let state = TaskInstanceState(rawValue: payload.state), state == .success || state == .failed else {
                throw APIError.badRequest("field 'state' must be 'success' or 'failed', not '\(payload.state)'")
            }
            try await operations.markTask(run, task, as: state, now: clock())
            guard let detail = try await queries.run(run),
                let instance = detail.taskInstances.first(where: { $0.taskID == task })
            else { throw APIError.notFound("no job with id \(run)") }
            return try JSONResponse.make(TaskInstanceResponse(runID: run, instance: instance, waitingReason: nil))
        }
    }

    private static func tryNumber(_ text: String) throws -> Int {
        guard let value = Int(text), value >= 0 else {
            throw APIError.badRequest("query parameter 'try' must be a non-negative integer, not '\(text)'")
        }
        return value
    }

    private func runDetail(_ context: APIRequestContext) async throws -> RunDetail {
        let id = RunID(try context.integerParameter("id"))
        guard let detail = try await queries.run(id) else { throw APIError.notFound("no job with id \(id)") }
        return detail
    }
}

/// A task instance as `GET /jobs/{id}/tasks` returns it: its fields, plus why it waits when it does.
struct TaskInstanceResponse: Encodable {
    var runID: RunID
    var instance: TaskInstanceRecord
    var waitingReason: String?

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case waitingReason = "waiting_reason"
    }

    func encode(to encoder: any Encoder) throws {
        try instance.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(runID, forKey: .jobID)
        try container.encode(waitingReason, forKey: .waitingReason)
    }
}

/// The body of `POST /jobs/{id}/tasks/{task_id}/clear`; optional.
struct ClearPayload: Decodable, KnownFields {
    static var fieldNames: [String] { ["downstream"] }
    var downstream: Bool?

    init() {}
}

/// The body of `POST /jobs/{id}/tasks/{task_id}/mark`.
struct MarkPayload: Decodable, KnownFields {
    static var fieldNames: [String] { ["state"] }
    var state: String
}

/// The tasks a clear reset to pending.
struct ClearResponse: Encodable {
    var jobID: RunID
    var cleared: [TaskID]

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case cleared
    }
}
