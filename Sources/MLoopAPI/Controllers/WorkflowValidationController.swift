import Foundation
import Hummingbird
import MLoopCore
import MLoopLoader

/// `POST /workflows/validate`: a workflow file checked without storing anything.
struct WorkflowValidationController: Sendable {
    /// `POST /api/v1/workflows/validate`: checks a workflow's source as a DAGs-folder file would be checked, for the
    /// UI's validate-as-you-type. Nothing is stored.
    func addRoutes(to group: RouterGroup<APIRequestContext>) {
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
