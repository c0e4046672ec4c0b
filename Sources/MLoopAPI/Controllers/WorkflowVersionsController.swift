import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// A workflow's versions: list, source, diff, rollback.
struct WorkflowVersionsController: Sendable {
    let workflows: WorkflowStore

    /// A workflow's versions: list, one with its source and definition, the diff of two, and rollback.
    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("{id}/versions") { request, context in
            let page = try ListPage(request)
            let before = try page.single().map { text -> Int in
                guard let number = Int(text) else { throw ListPage.badCursor }
                return number
            }
            let versions = try await workflows.versions(
                of: WorkflowID(try context.parameter("id")), before: before, limit: page.limit + 1)
            return try page.response(versions.map(VersionResponse.init), request: request) {
                [String($0.record.versionNumber)]
            }
        }
        group.get("{id}/versions/{number}") { _, context in
            try JSONResponse.make(VersionResponse(try await version(context, "number")))
        }
        group.get("{id}/versions/{number}/diff/{to}") { _, context in
            let from = try await version(context, "number")
            let to = try await version(context, "to")
            let diff = LineDiff(old: from.sourceText ?? "", new: to.sourceText ?? "")
            return try JSONResponse.make(
                VersionDiffResponse(
                    from: from.versionNumber, to: to.versionNumber,
                    diff: diff.unified(from: "v\(from.versionNumber)", to: "v\(to.versionNumber)"),
                    hunks: diff.hunks()))
        }
        group.post("{id}/rollback") { request, context in
            let payload = try await JSONBody.decode(RollbackPayload.self, from: request)
            let rollback = try await workflows.rollback(WorkflowID(try context.parameter("id")), to: payload.version)
            return try JSONResponse.make(
                RollbackResponse(
                    id: rollback.workflowID, version: rollback.versionNumber,
                    previousVersion: rollback.previousVersionNumber))
        }
    }

    private func version(_ context: APIRequestContext, _ parameter: String) async throws -> WorkflowVersionRecord {
        let id = WorkflowID(try context.parameter("id"))
        let text = try context.parameter(parameter)
        guard let number = Int(text) else { throw APIError.notFound("'\(text)' is not a version number") }
        guard let version = try await workflows.version(of: id, number: number) else {
            throw APIError.notFound("workflow '\(id)' has no version \(number)")
        }
        return version
    }
}
