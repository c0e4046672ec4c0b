import Foundation
import Hummingbird
import MLoopCore
import MLoopPostgres
import MLoopStore

/// The HTTP API under `/api/v1` (seed 002's REST endpoints and the rest): builds the router from one controller per
/// resource (`Controllers/`), each holding only the stores it needs.
public struct APIRoutes: Sendable {
    let drafts: DraftStore
    let queries: RunQueries
    let operations: RunOperations
    let registry: ProcessRegistry
    let workflows: WorkflowStore
    let users: UserStore
    let credentials: CredentialVerifier
    let clock: @Sendable () -> Date
    /// The web UI served at `/`, when there is one.
    let frontend: FrontendFiles?
    /// The event hub and metrics; nil serves the REST routes only (live routes answer 503).
    let live: LiveServices?

    /// `hasher` hashes the passwords of users created over the API (its cost) and verifies every password.
    public init(
        pool: PostgresPool, hasher: PasswordHasher = PasswordHasher(), frontend: FrontendFiles? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.init(pool: pool, hasher: hasher, frontend: frontend, live: nil, clock: clock)
    }

    init(
        pool: PostgresPool, hasher: PasswordHasher = PasswordHasher(), frontend: FrontendFiles? = nil,
        live: LiveServices?, clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        drafts = DraftStore(pool: pool)
        queries = RunQueries(pool: pool)
        operations = RunOperations(pool: pool)
        registry = ProcessRegistry(pool: pool)
        workflows = WorkflowStore(pool: pool)
        users = UserStore(pool: pool)
        credentials = CredentialVerifier(users: users, hasher: hasher)
        self.frontend = frontend
        self.live = live
        self.clock = clock
    }

    /// A router with every endpoint and the JSON error middleware.
    public func router() -> Router<APIRequestContext> {
        let router = Router(context: APIRequestContext.self)
        if let live { router.add(middleware: HTTPMetricsMiddleware(registry: live.metrics.registry)) }
        router.add(middleware: APIErrorMiddleware())
        router.add(middleware: CrossOriginMiddleware())
        // The UI's files are public (the login page); it passes everything under /api/ and /metrics on.
        if let frontend { router.add(middleware: FrontendMiddleware(files: frontend)) }
        router.add(middleware: APIAuthenticator(verifier: credentials, clock: clock))
        router.add(middleware: APIAuthGuard())
        let api = router.group("api/v1")
        let responses = WorkflowResponses(drafts: drafts)
        let runs = RunRequests(queries: queries, operations: operations, clock: clock)
        AuthController(users: users, credentials: credentials, clock: clock).addRoutes(to: api)
        let workflowGroup = api.group("workflows")
        WorkflowDraftController(drafts: drafts, responses: responses).addRoutes(to: workflowGroup)
        WorkflowValidationController().addRoutes(to: workflowGroup)
        WorkflowYAMLController(drafts: drafts).addRoutes(to: workflowGroup)
        WorkflowListController(
            drafts: drafts, workflows: workflows, queries: queries, responses: responses, clock: clock
        ).addRoutes(to: workflowGroup)
        WorkflowVersionsController(workflows: workflows).addRoutes(to: workflowGroup)
        WorkflowGraphController(workflows: workflows, queries: queries).addRoutes(to: workflowGroup)
        WorkflowRunsController(
            drafts: drafts, workflows: workflows, operations: operations, responses: responses, runs: runs,
            clock: clock
        ).addRoutes(to: workflowGroup)
        let jobs = api.group("jobs")
        TaskInstancesController(runs: runs).addRoutes(to: jobs)
        JobsController(queries: queries, runs: runs).addRoutes(to: jobs)
        LogDownloadController(queries: queries).addRoutes(to: jobs)
        ImportErrorsController(workflows: workflows).addRoutes(to: api.group("import-errors"))
        DraftTasksController(drafts: drafts).addRoutes(to: api.group("tasks"))
        MonitoringController(registry: registry).addRoutes(to: api.group("monitoring"))
        let liveRoutes = LiveController(live: live, queries: queries)
        liveRoutes.addRoutes(to: api)
        liveRoutes.addMetricsRoute(to: router)
        OpenAPIController().addRoutes(to: api)
        return router
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
