import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

extension APIRoutes {
    func addWorkflowRoutes(_ group: RouterGroup<APIRequestContext>) {
        group.post { request, _ in
            let payload = try await JSONBody.decode(WorkflowPayload.self, from: request)
            let record = try await drafts.createWorkflow(try payload.newWorkflow())
            return try JSONResponse.make(try await workflowResponse(record), status: .created)
        }
        group.get("{id}") { _, context in
            let id = WorkflowID(try context.parameter("id"))
            guard let record = try await drafts.workflow(id) else {
                throw APIError.notFound("no workflow with id '\(id)'")
            }
            return try JSONResponse.make(try await workflowResponse(record, formCoverage: true))
        }
        group.put("{id}") { request, context in
            let id = WorkflowID(try context.parameter("id"))
            let payload = try await JSONBody.decode(WorkflowPayload.self, from: request)
            let record = try await drafts.updateWorkflow(id, try payload.changes(of: id))
            return try JSONResponse.make(try await workflowResponse(record))
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

/// What `POST /api/v1/workflows/{id}/deploy` returns.
struct DeployResponse: Encodable {
    var id: WorkflowID
    /// The version now current.
    var version: Int
    /// False when the draft equals an earlier version, which became current again.
    var created: Bool
}
