import Foundation
import MLoopCore
import MLoopStore

/// The body of `POST /api/v1/workflows/` and `PUT /api/v1/workflows/{id}` (seed 002's fields). On PUT every field
/// is optional; an explicit null clears `description` or `schedule`.
struct WorkflowPayload: Decodable, KnownFields {
    static var fieldNames: [String] { names(CodingKeys.self) }

    var name: String?
    var description: String??
    var schedule: String??
    var isActive: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, description, schedule
        case isActive = "is_active"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        description = try Self.nullable(container, .description)
        schedule = try Self.nullable(container, .schedule)
        isActive = try container.decodeIfPresent(Bool.self, forKey: .isActive)
    }

    private static func nullable(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws
        -> String??
    {
        guard container.contains(key) else { return nil }
        return .some(try container.decodeNil(forKey: key) ? nil : container.decode(String.self, forKey: key))
    }

    func newWorkflow() throws -> NewAPIWorkflow {
        guard let name else { throw APIError.badRequest("field 'name' is required") }
        return NewAPIWorkflow(
            name: name, description: description ?? nil, schedule: schedule ?? nil, isActive: isActive ?? true)
    }

    func changes(of id: WorkflowID) throws -> APIWorkflowChanges {
        if let name, name != id.rawValue {
            throw APIError(
                .conflict, "conflict",
                "a workflow's name is its id and cannot change ('\(id)' → '\(name)'): create a new workflow instead")
        }
        return APIWorkflowChanges(description: description, schedule: schedule, isActive: isActive)
    }
}

/// A workflow as the API returns it; `id` is what the other endpoints take.
struct WorkflowResponse: Encodable {
    var record: APIWorkflowRecord
    /// The draft's tasks (API workflows only).
    var tasks: [TaskResponse]?
    /// The current version's settings the draft (the form) cannot hold (`GET /workflows/{id}` of API workflows).
    var formUnsupported: [String]? = nil

    enum CodingKeys: String, CodingKey {
        case id, name, description, schedule, tasks
        case isActive = "is_active"
        case sourceKind = "source_kind"
        case filePath = "file_path"
        case deployedVersion = "deployed_version"
        case formUnsupported = "form_unsupported"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record.workflowID, forKey: .id)
        try container.encode(record.workflowID, forKey: .name)
        try container.encode(record.description, forKey: .description)
        try container.encode(record.schedule, forKey: .schedule)
        try container.encode(record.isActive, forKey: .isActive)
        try container.encode(record.sourceKind, forKey: .sourceKind)
        try container.encode(record.filePath, forKey: .filePath)
        try container.encode(record.versionNumber, forKey: .deployedVersion)
        try container.encode(record.createdAt, forKey: .createdAt)
        try container.encode(record.updatedAt, forKey: .updatedAt)
        try container.encodeIfPresent(tasks, forKey: .tasks)
        try container.encodeIfPresent(formUnsupported, forKey: .formUnsupported)
    }
}
