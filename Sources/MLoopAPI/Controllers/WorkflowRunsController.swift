import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// A workflow's runs (list, trigger), backfill, pause and unpause.
struct WorkflowRunsController: Sendable {
    let drafts: DraftStore
    let workflows: WorkflowStore
    let operations: RunOperations
    let responses: WorkflowResponses
    let runs: RunRequests
    let clock: @Sendable () -> Date

    /// A workflow's runs (list, trigger), backfill, pause and unpause.
    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("{id}/runs") { request, context in
            let id = WorkflowID(try context.parameter("id"))
            guard try await drafts.workflow(id) != nil else { throw APIError.notFound("no workflow with id '\(id)'") }
            return try await runs.runList(request, workflow: id, order: .newestLogicalDate)
        }
        group.post("{id}/runs") { request, context in
            let id = WorkflowID(try context.parameter("id"))
            let payload = try await JSONBody.decodeIfPresent(TriggerPayload.self, from: request) ?? TriggerPayload()
            return try JSONResponse.make(JobResponse(run: try await runs.trigger(id, payload)), status: .created)
        }
        group.post("{id}/backfill") { request, context in
            let payload = try await JSONBody.decode(BackfillPayload.self, from: request)
            let outcomes: [BackfillOutcome]
            do {
                outcomes = try await operations.backfill(
                    try payload.request(WorkflowID(try context.parameter("id"))), now: clock())
            } catch let error as BackfillError {
                throw APIError.badRequest(error.description)
            }
            return try JSONResponse.make(
                BackfillResponse(dryRun: payload.dryRun ?? false, outcomes: outcomes),
                status: payload.dryRun == true ? .ok : .created)
        }
        group.post("{id}/pause") { _, context in try await setPaused(context, true) }
        group.post("{id}/unpause") { _, context in try await setPaused(context, false) }
    }

    private func setPaused(_ context: APIRequestContext, _ paused: Bool) async throws -> Response {
        let id = WorkflowID(try context.parameter("id"))
        guard try await drafts.workflow(id) != nil else { throw APIError.notFound("no workflow with id '\(id)'") }
        try await workflows.setPaused(id, paused)
        guard let record = try await drafts.workflow(id) else { throw APIError.notFound("no workflow with id '\(id)'") }
        return try JSONResponse.make(try await responses.workflowResponse(record))
    }
}
