import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

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
