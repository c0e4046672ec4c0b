import Foundation
import MLoopCore
import MLoopStore

/// The body of `POST /api/v1/tasks/` and `PUT /api/v1/tasks/{id}` (seed 002's fields; `retry_delay` in seconds).
struct TaskPayload: Decodable, KnownFields {
    static var fieldNames: [String] { names(CodingKeys.self) }

    var workflowID: String?
    var name: String
    var pythonCallable: String
    var params: [String: JSONValue]?
    var dependencies: [String]?
    var retryCount: Int?
    var retryDelay: Double?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case workflowID = "workflow_id"
        case name
        case pythonCallable = "python_callable"
        case params, dependencies
        case retryCount = "retry_count"
        case retryDelay = "retry_delay"
    }

    var fields: TaskDraftFields {
        TaskDraftFields(
            name: name, pythonCallable: pythonCallable, params: params ?? [:], dependencies: dependencies ?? [],
            retryCount: retryCount ?? 0, retryDelay: retryDelay ?? 300)
    }
}

/// A task of an API workflow's draft as the API returns it.
struct TaskResponse: Encodable {
    var id: Int64
    var workflowID: WorkflowID
    var name: String
    var pythonCallable: String
    var params: [String: JSONValue]
    var dependencies: [String]
    var retryCount: Int
    var retryDelay: Double
    var createdAt: Date
    var updatedAt: Date

    init(_ record: TaskDraftRecord) {
        id = record.id
        workflowID = record.workflowID
        name = record.name
        pythonCallable = record.pythonCallable
        params = record.params
        dependencies = record.dependencies
        retryCount = record.retryCount
        retryDelay = record.retryDelay
        createdAt = record.createdAt
        updatedAt = record.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id
        case workflowID = "workflow_id"
        case name
        case pythonCallable = "python_callable"
        case params, dependencies
        case retryCount = "retry_count"
        case retryDelay = "retry_delay"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}
