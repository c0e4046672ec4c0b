import Foundation
import Hummingbird
import MLoopCore
import MLoopLoader
import MLoopStore

/// `/workflows/yaml`: a workflow saved from YAML text.
struct WorkflowYAMLController: Sendable {
    let drafts: DraftStore

    /// `POST /api/v1/workflows/yaml`: saves a workflow written in the UI's YAML editor as a new version of the API
    /// workflow its `id` names (created when new), checked by the DAGs-folder loader.
    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.post("yaml") { request, _ in
            let payload = try await JSONBody.decode(YAMLPayload.self, from: request)
            let definition = try Self.loadYAML(payload.source)
            let deployment = try await drafts.deploy(
                WorkflowSource(definition: definition, sourceText: payload.source, format: .yaml))
            return try JSONResponse.make(
                DeployResponse(
                    id: deployment.workflowID, version: deployment.versionNumber, created: deployment.created),
                status: deployment.created ? .created : .ok)
        }
    }

    /// The workflow in `source`, or `ValidationFailure` with every issue; a source without an `id` is refused
    /// because, unlike a file, it has no name to fall back on.
    static func loadYAML(_ source: String) throws -> WorkflowDefinition {
        let definition = try WorkflowFileLoader.loadYAML(source, file: "workflow.yaml").get()
        // The loader falls back to the file's name: the same id from another name means the source gave one.
        let again = try WorkflowFileLoader.loadYAML(source, file: "other.yaml").get()
        guard again.id == definition.id else {
            throw ValidationFailure([
                ValidationIssue("the workflow needs an `id` (its name), e.g. `id: my_workflow`", path: "id")
            ])
        }
        return definition
    }
}
