import Foundation
import MLoopStore

/// A workflow as the API returns it, with its draft tasks when it was authored through the API.
struct WorkflowResponses: Sendable {
    let drafts: DraftStore

    func workflowResponse(_ record: APIWorkflowRecord, formCoverage: Bool = false) async throws -> WorkflowResponse {
        guard record.isEditable else { return WorkflowResponse(record: record, tasks: nil) }
        let tasks = try await drafts.tasks(of: record.workflowID)
        let unsupported = formCoverage ? try await drafts.unsupportedFormFields(record.workflowID) : nil
        return WorkflowResponse(record: record, tasks: tasks.map(TaskResponse.init), formUnsupported: unsupported)
    }
}
