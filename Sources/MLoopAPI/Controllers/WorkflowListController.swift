import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

/// `GET /workflows/`: every workflow with its latest runs and next run.
struct WorkflowListController: Sendable {
    let drafts: DraftStore
    let workflows: WorkflowStore
    let queries: RunQueries
    let responses: WorkflowResponses
    let clock: @Sendable () -> Date

    /// `GET /workflows/`: seed 002's list with filters (`paused`, `source`, `q`), cursor pagination, and for each
    /// workflow its next scheduled run and its latest runs.
    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get { request, _ in
            let page = try ListPage(request)
            let query = QueryFilter(request: request)
            let filter = WorkflowListFilter(
                paused: try query.bool("paused"), sourceKind: try query.oneOf("source", ["api", "file"]),
                text: query.string("q"))
            let items = try await drafts.workflows(
                filter, afterID: try page.single().map { WorkflowID($0) }, limit: page.limit + 1)
            let shown = Array(items.prefix(page.limit))
            let ids = shown.map(\.record.workflowID)
            let latest = try await queries.latestRuns(of: ids, perWorkflow: 5)
            let intervals = try await queries.lastScheduledIntervals(of: ids)
            var entries: [WorkflowListEntry] = []
            for item in items {
                let record = item.record
                entries.append(
                    WorkflowListEntry(
                        workflow: try await responses.workflowResponse(record),
                        nextRun: item.definition.flatMap {
                            Self.nextRun($0, paused: !record.isActive, last: intervals[record.workflowID], now: clock())
                        },
                        lastRuns: (latest[record.workflowID] ?? []).map(RunSummary.init)))
            }
            return try page.response(entries, request: request, key: { [$0.workflow.record.workflowID.rawValue] })
        }
    }

    static func nextRun(_ definition: WorkflowDefinition, paused: Bool, last: DataInterval?, now: Date)
        -> DataInterval?
    {
        guard !paused, let zone = TimeZone(identifier: definition.timezone) else { return nil }
        return definition.schedule.nextInterval(
            after: last, startDate: definition.startDate, endDate: definition.endDate, catchup: definition.catchup,
            timeZone: zone, now: now)
    }
}
