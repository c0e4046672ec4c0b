import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// A workflow's graph and grid of runs.
struct WorkflowGraphController: Sendable {
    let workflows: WorkflowStore
    let queries: RunQueries

    /// The graph of a workflow (with a run's task states) and the grid of its latest runs × tasks.
    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get("{id}/graph") { request, context in
            let id = WorkflowID(try context.parameter("id"))
            guard let runText = QueryFilter(request: request).string("run_id") else {
                guard let current = try await workflows.currentDefinition(of: id) else {
                    throw APIError.notFound("workflow '\(id)' has no deployed version")
                }
                return try JSONResponse.make(GraphResponse(current.definition, version: current.version, run: nil))
            }
            guard let runID = Int64(runText), let detail = try await queries.run(RunID(runID)),
                detail.run.workflowID == id
            else { throw APIError.notFound("workflow '\(id)' has no run \(runText)") }
            guard let version = try await workflows.version(of: id, number: detail.run.versionNumber),
                let definition = version.definition
            else { throw APIError.notFound("run \(runText) is pinned to a version that no longer exists") }
            return try JSONResponse.make(GraphResponse(definition, version: version.versionNumber, run: detail))
        }
        group.get("{id}/grid") { request, context in
            let id = WorkflowID(try context.parameter("id"))
            let page = try ListPage(request, defaultLimit: 25)
            guard let current = try await workflows.currentDefinition(of: id) else {
                throw APIError.notFound("workflow '\(id)' has no deployed version")
            }
            // Newest first, one extra to know whether an older page exists; a page's columns run oldest to newest.
            let fetched = try await queries.runs(
                RunFilter(workflowID: id, order: .newestLogicalDate), after: try page.runCursor(),
                limit: page.limit + 1)
            let shown = fetched.prefix(page.limit).map(\.runID)
            let instances = try await queries.taskInstances(of: shown)
            return try page.response(fetched, request: request, key: ListPage.runKey) { latest in
                GridResponse(
                    workflowID: id, version: current.version, definition: current.definition,
                    runs: latest.reversed().map { ($0, instances[$0.runID] ?? []) })
            }
        }
    }
}
