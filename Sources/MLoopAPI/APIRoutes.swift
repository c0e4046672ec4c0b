import Foundation
import Hummingbird
import MLoopCore
import MLoopPostgres
import MLoopStore

/// Seed 002's REST endpoints under `/api/v1`, over the store.
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
        addAuthRoutes(api)
        addWorkflowRoutes(api.group("workflows"))
        addValidateRoutes(api.group("workflows"))
        addYAMLRoutes(api.group("workflows"))
        addWorkflowListRoutes(api.group("workflows"))
        addVersionRoutes(api.group("workflows"))
        addGraphRoutes(api.group("workflows"))
        addWorkflowRunRoutes(api.group("workflows"))
        addTaskInstanceRoutes(api.group("jobs"))
        addImportErrorRoutes(api.group("import-errors"))
        addTaskRoutes(api.group("tasks"))
        addJobRoutes(api.group("jobs"))
        addLogDownloadRoute(api.group("jobs"))
        addMonitoringRoutes(api.group("monitoring"))
        addLiveRoutes(api)
        addMetricsRoute(router)
        addOpenAPIRoutes(api)
        return router
    }

    func workflowResponse(_ record: APIWorkflowRecord, formCoverage: Bool = false) async throws -> WorkflowResponse {
        guard record.isEditable else { return WorkflowResponse(record: record, tasks: nil) }
        let tasks = try await drafts.tasks(of: record.workflowID)
        let unsupported = formCoverage ? try await drafts.unsupportedFormFields(record.workflowID) : nil
        return WorkflowResponse(record: record, tasks: tasks.map(TaskResponse.init), formUnsupported: unsupported)
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
