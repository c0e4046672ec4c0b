import Foundation
import Hummingbird
import MLoopCore
import MLoopLoader

extension APIRoutes {
    /// `POST /api/v1/workflows/validate`: checks a workflow's source as a DAGs-folder file would be checked, for the
    /// UI's validate-as-you-type. Nothing is stored.
    func addValidateRoutes(_ group: RouterGroup<APIRequestContext>) {
        group.post("validate") { request, _ in
            let payload = try await JSONBody.decode(ValidatePayload.self, from: request)
            guard (payload.format ?? "yaml").lowercased() == "yaml" else {
                throw APIError.badRequest(
                    "format '\(payload.format ?? "")' cannot be validated here: only 'yaml' (Swift workflows are "
                        + "compiled; use `mloop dags validate` for them)")
            }
            let file = (payload.name.map { $0.isEmpty ? "workflow" : $0 } ?? "workflow") + ".yaml"
            switch WorkflowFileLoader.loadYAML(payload.source, file: file) {
            case .success(let workflow):
                return try JSONResponse.make(ValidateResponse(workflow: workflow))
            case .failure(let failure):
                return try JSONResponse.make(ValidateResponse(issues: failure.issues))
            }
        }
    }
}

/// The body of `POST /api/v1/workflows/validate`.
struct ValidatePayload: Decodable {
    /// `yaml` (the default).
    var format: String?
    var source: String
    /// The id the workflow gets when the source names none (a file's name without extension).
    var name: String?
}

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
