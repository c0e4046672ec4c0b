import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

extension APIRoutes {
    /// The graph of a workflow (with a run's task states) and the grid of its latest runs × tasks.
    func addGraphRoutes(_ group: RouterGroup<APIRequestContext>) {
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

/// `GET /workflows/{id}/graph`: nodes in topological order and edges upstream → downstream; with `run_id`, each
/// node carries the run's state and try.
struct GraphResponse: Encodable {
    struct Node: Encodable {
        var id: TaskID
        var kind: String
        var description: String?
        var triggerRule: TriggerRule
        var retries: Int
        var state: TaskInstanceState?
        var tryNumber: Int?

        enum CodingKeys: String, CodingKey {
            case id, kind, description, retries, state
            case triggerRule = "trigger_rule"
            case tryNumber = "try_number"
        }
    }

    struct Edge: Encodable {
        var from: TaskID
        var to: TaskID
    }

    var workflowID: WorkflowID
    var version: Int
    var runID: RunID?
    var runState: RunState?
    var nodes: [Node]
    var edges: [Edge]

    init(_ definition: WorkflowDefinition, version: Int, run: RunDetail?) {
        let graph = WorkflowGraph(definition)
        let instances = Dictionary(
            (run?.taskInstances ?? []).map { ($0.taskID, $0) }, uniquingKeysWith: { first, _ in first })
        workflowID = definition.id
        self.version = version
        runID = run?.run.runID
        runState = run?.run.state
        nodes = graph.order.compactMap { id in
            guard let task = definition.task(id) else { return nil }
            return Node(
                id: id, kind: task.action.kind, description: task.description, triggerRule: task.triggerRule,
                retries: task.retries, state: instances[id]?.state, tryNumber: instances[id]?.tryNumber)
        }
        edges = graph.order.flatMap { id in (graph.downstream[id] ?? []).map { Edge(from: id, to: $0) } }
    }

    enum CodingKeys: String, CodingKey {
        case workflowID = "workflow_id"
        case version
        case runID = "run_id"
        case runState = "run_state"
        case nodes, edges
    }
}

/// `GET /workflows/{id}/grid`: Airflow's grid view in one response. `tasks` are the rows (current version,
/// topological order), `runs` the columns, oldest to newest, each with its task instances by task id. A page holds
/// the newest `limit` runs after the cursor; `X-Next-Cursor` pages on to older runs.
struct GridResponse: Encodable {
    struct Row: Encodable {
        var id: TaskID
        var kind: String
        var upstream: [TaskID]
    }

    struct Cell: Encodable {
        var state: TaskInstanceState
        var tryNumber: Int
        var maxTries: Int
        var startedAt: Date?
        var endedAt: Date?

        enum CodingKeys: String, CodingKey {
            case state
            case tryNumber = "try_number"
            case maxTries = "max_tries"
            case startedAt = "started_at"
            case endedAt = "ended_at"
        }
    }

    struct Column: Encodable {
        var run: RunRecord
        var taskInstances: [String: Cell]

        enum CodingKeys: String, CodingKey { case taskInstances = "task_instances" }

        func encode(to encoder: any Encoder) throws {
            try run.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(taskInstances, forKey: .taskInstances)
        }
    }

    var workflowID: WorkflowID
    var version: Int
    var tasks: [Row]
    var runs: [Column]

    init(
        workflowID: WorkflowID, version: Int, definition: WorkflowDefinition,
        runs: [(RunRecord, [TaskInstanceRecord])]
    ) {
        let graph = WorkflowGraph(definition)
        self.workflowID = workflowID
        self.version = version
        tasks = graph.order.compactMap { id in
            definition.task(id).map { Row(id: id, kind: $0.action.kind, upstream: graph.upstream[id] ?? []) }
        }
        self.runs = runs.map { run, instances in
            Column(
                run: run,
                taskInstances: Dictionary(
                    instances.map {
                        (
                            $0.taskID.rawValue,
                            Cell(
                                state: $0.state, tryNumber: $0.tryNumber, maxTries: $0.maxTries,
                                startedAt: $0.startedAt, endedAt: $0.endedAt)
                        )
                    }, uniquingKeysWith: { first, _ in first }))
        }
    }

    enum CodingKeys: String, CodingKey {
        case workflowID = "workflow_id"
        case version, tasks, runs
    }
}
