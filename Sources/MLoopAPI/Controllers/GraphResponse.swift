import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

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
