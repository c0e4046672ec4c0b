import Foundation
import Hummingbird
import MLoopCore
import MLoopLoader

/// What `POST /api/v1/workflows/validate` returns: every problem with its location, or the workflow's shape.
struct ValidateResponse: Encodable {
    struct Issue: Encodable {
        var line: Int?
        var column: Int?
        var path: String
        var message: String
    }

    struct Task: Encodable {
        var id: TaskID
        var needs: [TaskID]
    }

    var valid: Bool
    var issues: [Issue]
    var workflowID: WorkflowID?
    var tasks: [Task]?

    enum CodingKeys: String, CodingKey {
        case valid, issues, tasks
        case workflowID = "workflow_id"
    }

    init(issues: [ValidationIssue]) {
        valid = false
        self.issues = issues.map { Issue(line: $0.line, column: $0.column, path: $0.path, message: $0.message) }
    }

    init(workflow: WorkflowDefinition) {
        valid = true
        issues = []
        workflowID = workflow.id
        tasks = workflow.tasks.map { Task(id: $0.id, needs: $0.needs) }
    }
}
