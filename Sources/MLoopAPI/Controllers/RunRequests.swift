import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// What the run endpoints of `/workflows` and `/jobs` share: triggering a run, one page of a run list, one run.
struct RunRequests: Sendable {
    let queries: RunQueries
    let operations: RunOperations
    let clock: @Sendable () -> Date

    /// Creates a manual run; with `logical_date`, 409 when the workflow already has a run at that date.
    func trigger(_ id: WorkflowID, _ payload: TriggerPayload) async throws -> RunRecord {
        let date = try payload.logicalDate.map { text -> Date in
            guard let date = DateText.parse(text, in: .gmt) else {
                throw APIError.badRequest("field 'logical_date' is not a date: \(DateText.formsHint)")
            }
            return date
        }
        return try await operations.triggerRun(
            NewRun(
                workflowID: id, runType: .manual, logicalDate: date ?? clock(), conf: payload.conf ?? [:],
                note: payload.note))
    }

    /// One page of runs as the list convention says, with the `state`, `run_type` and `logical_date_gte/lte`
    /// filters.
    func runList(_ request: Request, workflow: WorkflowID?, order: RunFilter.Order) async throws -> Response {
        let page = try ListPage(request)
        let query = QueryFilter(request: request)
        let filter = RunFilter(
            workflowID: workflow, states: try query.values("state", as: RunState.self),
            runTypes: try query.values("run_type", as: RunType.self),
            logicalDateFrom: try query.date("logical_date_gte"), logicalDateTo: try query.date("logical_date_lte"),
            order: order)
        let records = try await queries.runs(filter, after: try page.runCursor(), limit: page.limit + 1)
        return try page.response(records.map { JobResponse(run: $0) }, request: request) {
            ListPage.runKey($0.run)
        }
    }

    func detail(_ context: APIRequestContext) async throws -> RunDetail {
        let id = RunID(try context.integerParameter("id"))
        guard let detail = try await queries.run(id) else { throw APIError.notFound("no job with id \(id)") }
        return detail
    }
}
