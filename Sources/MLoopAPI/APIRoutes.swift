import Foundation
import Hummingbird
import MLoopCore
import MLoopPostgres
import MLoopStore

/// Seed 002's REST endpoints under `/api/v1`, over the store.
public struct APIRoutes: Sendable {
    let drafts: DraftStore
    let runs: RunStore
    let clock: @Sendable () -> Date
    /// The event hub and metrics; nil serves the REST routes only (live routes answer 503).
    let live: LiveServices?

    public init(pool: PostgresPool, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.init(pool: pool, live: nil, clock: clock)
    }

    init(pool: PostgresPool, live: LiveServices?, clock: @escaping @Sendable () -> Date = { Date() }) {
        drafts = DraftStore(pool: pool)
        runs = RunStore(pool: pool)
        self.live = live
        self.clock = clock
    }

    /// A router with every endpoint and the JSON error middleware.
    public func router() -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        if let live { router.add(middleware: HTTPMetricsMiddleware(registry: live.metrics.registry)) }
        router.add(middleware: APIErrorMiddleware())
        router.add(middleware: CrossOriginMiddleware())
        let api = router.group("api/v1")
        addWorkflowRoutes(api.group("workflows"))
        addTaskRoutes(api.group("tasks"))
        addJobRoutes(api.group("jobs"))
        addMonitoringRoutes(api.group("monitoring"))
        addLiveRoutes(api)
        addMetricsRoute(router)
        return router
    }

    func workflowResponse(_ record: APIWorkflowRecord) async throws -> WorkflowResponse {
        guard record.isEditable else { return WorkflowResponse(record: record, tasks: nil) }
        let tasks = try await drafts.tasks(of: record.workflowID)
        return WorkflowResponse(record: record, tasks: tasks.map(TaskResponse.init))
    }
}

extension APIRequestContext {
    func parameter(_ name: String) throws -> String {
        guard let value = parameters.get(name) else { throw APIError.badRequest("missing path parameter '\(name)'") }
        return value
    }

    func integerParameter(_ name: String) throws -> Int64 {
        let text = try parameter(name)
        guard let value = Int64(text) else { throw APIError.notFound("'\(text)' is not a \(name): ids are integers") }
        return value
    }
}
