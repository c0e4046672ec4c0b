import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

extension APIRoutes {
    /// A workflow's runs (list, trigger), backfill, pause and unpause.
    func addWorkflowRunRoutes(_ group: RouterGroup<APIRequestContext>) {
        group.get("{id}/runs") { request, context in
            let id = WorkflowID(try context.parameter("id"))
            guard try await drafts.workflow(id) != nil else { throw APIError.notFound("no workflow with id '\(id)'") }
            return try await runList(request, workflow: id, order: .newestLogicalDate)
        }
        group.post("{id}/runs") { request, context in
            let id = WorkflowID(try context.parameter("id"))
            let payload = try await JSONBody.decodeIfPresent(TriggerPayload.self, from: request) ?? TriggerPayload()
            return try JSONResponse.make(JobResponse(run: try await trigger(id, payload)), status: .created)
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

    private func setPaused(_ context: APIRequestContext, _ paused: Bool) async throws -> Response {
        let id = WorkflowID(try context.parameter("id"))
        guard try await drafts.workflow(id) != nil else { throw APIError.notFound("no workflow with id '\(id)'") }
        try await workflows.setPaused(id, paused)
        guard let record = try await drafts.workflow(id) else { throw APIError.notFound("no workflow with id '\(id)'") }
        return try JSONResponse.make(try await workflowResponse(record))
    }
}

extension ListPage {
    /// A run list's cursor: the previous page's last (logical date, run id); 400 for any other shape.
    func runCursor() throws -> RunFilter.Cursor? {
        try cursor.map { values in
            guard values.count == 2, let date = PreciseTimestamp.parse(values[0]), let id = Int64(values[1]) else {
                throw ListPage.badCursor
            }
            return RunFilter.Cursor(logicalDate: date, runID: RunID(id))
        }
    }

    /// The cursor values of `run` as the last item of a page.
    static func runKey(_ run: RunRecord) -> [String] {
        [PreciseTimestamp.format(run.logicalDate), String(run.runID.rawValue)]
    }
}

/// Microsecond-exact instants for cursors (the database keeps microseconds; `Timestamp` rounds to milliseconds).
enum PreciseTimestamp {
    static func format(_ date: Date) -> String {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        return String(Int64(micros))
    }

    static func parse(_ text: String) -> Date? {
        Int64(text).map { Date(timeIntervalSince1970: Double($0) / 1_000_000) }
    }
}

/// The body of `POST /workflows/{id}/runs` and `POST /jobs/trigger/{workflow_id}`; all optional.
struct TriggerPayload: Decodable, KnownFields {
    static var fieldNames: [String] { ["conf", "logical_date", "note"] }

    var conf: [String: JSONValue]?
    var logicalDate: String?
    var note: String?

    init() {}

    enum CodingKeys: String, CodingKey {
        case conf, note
        case logicalDate = "logical_date"
    }
}

/// The body of `POST /workflows/{id}/backfill`.
struct BackfillPayload: Decodable, KnownFields {
    static var fieldNames: [String] { ["start", "end", "conf", "reprocess_failed", "dry_run"] }

    var start: String
    var end: String
    var conf: [String: JSONValue]?
    var reprocessFailed: Bool?
    var dryRun: Bool?

    enum CodingKeys: String, CodingKey {
        case start, end, conf
        case reprocessFailed = "reprocess_failed"
        case dryRun = "dry_run"
    }

    func request(_ id: WorkflowID) throws -> BackfillRequest {
        func date(_ text: String, _ field: String) throws -> Date {
            guard let date = DateText.parse(text, in: .gmt) else {
                throw APIError.badRequest("field '\(field)' is not a date: \(DateText.formsHint)")
            }
            return date
        }
        return BackfillRequest(
            workflowID: id, start: try date(start, "start"), end: try date(end, "end"), conf: conf ?? [:],
            reprocessFailed: reprocessFailed ?? false, dryRun: dryRun ?? false)
    }
}

/// What a backfill did: counts and one entry per interval.
struct BackfillResponse: Encodable {
    var dryRun: Bool
    var outcomes: [BackfillOutcome]

    enum CodingKeys: String, CodingKey {
        case dryRun = "dry_run"
        case intervals, created, existing, reprocessed, runs
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(outcomes.count, forKey: .intervals)
        try container.encode(outcomes.filter { $0.action == .created }.count, forKey: .created)
        try container.encode(outcomes.filter { $0.action == .existing }.count, forKey: .existing)
        try container.encode(outcomes.filter { $0.action == .reprocessed }.count, forKey: .reprocessed)
        try container.encode(outcomes, forKey: .runs)
    }
}
