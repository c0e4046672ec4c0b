import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// API-authored workflows under `/workflows`: create, read, update, delete, deploy.
struct WorkflowDraftController: Sendable {
    let drafts: DraftStore
    let responses: WorkflowResponses

    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.post { request, _ in
            let payload = try await JSONBody.decode(WorkflowPayload.self, from: request)
            let record = try await drafts.createWorkflow(try payload.newWorkflow())
            return try JSONResponse.make(try await responses.workflowResponse(record), status: .created)
        }
        group.get("{id}") { _, context in
            let id = WorkflowID(try context.parameter("id"))
            guard let record = try await drafts.workflow(id) else {
                throw APIError.notFound("no workflow with id '\(id)'")
            }
            return try JSONResponse.make(try await responses.workflowResponse(record, formCoverage: true))
        }
        group.put("{id}") { request, context in
            let id = WorkflowID(try context.parameter("id"))
            let payload = try await JSONBody.decode(WorkflowPayload.self, from: request)
            let record = try await drafts.updateWorkflow(id, try payload.changes(of: id))
            return try JSONResponse.make(try await responses.workflowResponse(record))
        }
        group.delete("{id}") { _, context in
            try await drafts.deleteWorkflow(WorkflowID(try context.parameter("id")))
            return Response(status: .noContent)
        }
        group.post("{id}/deploy") { _, context in
            let deployment = try await drafts.deploy(WorkflowID(try context.parameter("id")))
            return try JSONResponse.make(
                DeployResponse(
                    id: deployment.workflowID, version: deployment.versionNumber, created: deployment.created))
        }
    }
}
