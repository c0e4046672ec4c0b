import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

extension APIRoutes {
    /// `GET /workflows/`: seed 002's list with filters (`paused`, `source`, `q`), cursor pagination, and for each
    /// workflow its next scheduled run and its latest runs.
    func addWorkflowListRoutes(_ group: RouterGroup<APIRequestContext>) {
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
            var responses: [WorkflowListEntry] = []
            for item in items {
                let record = item.record
                responses.append(
                    WorkflowListEntry(
                        workflow: try await workflowResponse(record),
                        nextRun: item.definition.flatMap {
                            Self.nextRun($0, paused: !record.isActive, last: intervals[record.workflowID], now: clock())
                        },
                        lastRuns: (latest[record.workflowID] ?? []).map(RunSummary.init)))
            }
            return try page.response(responses, request: request, key: { [$0.workflow.record.workflowID.rawValue] })
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

/// One item of the workflow list: seed 002's fields plus `next_run_at`, `next_logical_date` and `last_runs`.
struct WorkflowListEntry: Encodable {
    var workflow: WorkflowResponse
    var nextRun: DataInterval?
    var lastRuns: [RunSummary]

    enum CodingKeys: String, CodingKey {
        case nextRunAt = "next_run_at"
        case nextLogicalDate = "next_logical_date"
        case lastRuns = "last_runs"
    }

    func encode(to encoder: any Encoder) throws {
        try workflow.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        // The run of an interval is created when the interval ends.
        try container.encode(nextRun?.end, forKey: .nextRunAt)
        try container.encode(nextRun?.start, forKey: .nextLogicalDate)
        try container.encode(lastRuns, forKey: .lastRuns)
    }
}

/// A run in a few fields, for lists of workflows.
struct RunSummary: Encodable {
    var runID: RunID
    var state: RunState
    var runType: RunType
    var logicalDate: Date

    init(_ run: RunRecord) {
        runID = run.runID
        state = run.state
        runType = run.runType
        logicalDate = run.logicalDate
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id"
        case state
        case runType = "run_type"
        case logicalDate = "logical_date"
    }
}
