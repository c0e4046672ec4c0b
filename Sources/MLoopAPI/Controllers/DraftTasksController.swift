import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// The tasks of API-authored workflows, under `/tasks`.
struct DraftTasksController: Sendable {
    let drafts: DraftStore

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.post { request, _ in
            let payload = try await JSONBody.decode(TaskPayload.self, from: request)
            guard let workflow = payload.workflowID else {
                throw APIError.badRequest("field 'workflow_id' is required")
            }
            let record = try await drafts.createTask(in: WorkflowID(workflow), try payload.fields())
            return try JSONResponse.make(TaskResponse(record), status: .created)
        }
        group.get("{id}") { _, context in
            let id = try context.integerParameter("id")
            guard let record = try await drafts.task(id) else { throw APIError.notFound("no task with id \(id)") }
            return try JSONResponse.make(TaskResponse(record))
        }
        group.put("{id}") { request, context in
            let id = try context.integerParameter("id")
            let payload = try await JSONBody.decode(TaskPayload.self, from: request)
            if let workflow = payload.workflowID, let current = try await drafts.task(id),
                current.workflowID.rawValue != workflow
            {
                throw APIError(
                    .conflict, "conflict",
                    "task \(id) belongs to workflow '\(current.workflowID)' and cannot move to '\(workflow)'")
            }
            return try JSONResponse.make(TaskResponse(try await drafts.updateTask(id, try payload.fields())))
        }
        group.delete("{id}") { _, context in
            try await drafts.deleteTask(try context.integerParameter("id"))
            return Response(status: .noContent)
        }
    }
}
