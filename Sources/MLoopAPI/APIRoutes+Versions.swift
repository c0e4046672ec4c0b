import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

extension APIRoutes {
    /// A workflow's versions: list, one with its source and definition, the diff of two, and rollback.
    func addVersionRoutes(_ group: RouterGroup<APIRequestContext>) {
        group.get("{id}/versions") { request, context in
            let page = try ListPage(request)
            let before = try page.single().map { text -> Int in
                guard let number = Int(text) else { throw ListPage.badCursor }
                return number
            }
            let versions = try await workflows.versions(
                of: WorkflowID(try context.parameter("id")), before: before, limit: page.limit + 1)
            return try page.response(versions.map(VersionResponse.init), request: request) {
                [String($0.record.versionNumber)]
            }
        }
        group.get("{id}/versions/{number}") { _, context in
            try JSONResponse.make(VersionResponse(try await version(context, "number")))
        }
        group.get("{id}/versions/{number}/diff/{to}") { _, context in
            let from = try await version(context, "number")
            let to = try await version(context, "to")
            let diff = LineDiff(old: from.sourceText ?? "", new: to.sourceText ?? "")
            return try JSONResponse.make(
                VersionDiffResponse(
                    from: from.versionNumber, to: to.versionNumber,
                    diff: diff.unified(from: "v\(from.versionNumber)", to: "v\(to.versionNumber)"),
                    hunks: diff.hunks()))
        }
        group.post("{id}/rollback") { request, context in
            let payload = try await JSONBody.decode(RollbackPayload.self, from: request)
            let rollback = try await workflows.rollback(WorkflowID(try context.parameter("id")), to: payload.version)
            return try JSONResponse.make(
                RollbackResponse(
                    id: rollback.workflowID, version: rollback.versionNumber,
                    previousVersion: rollback.previousVersionNumber))
        }
    }

    private func version(_ context: APIRequestContext, _ parameter: String) async throws -> WorkflowVersionRecord {
        let id = WorkflowID(try context.parameter("id"))
        let text = try context.parameter(parameter)
        guard let number = Int(text) else { throw APIError.notFound("'\(text)' is not a version number") }
        guard let version = try await workflows.version(of: id, number: number) else {
            throw APIError.notFound("workflow '\(id)' has no version \(number)")
        }
        return version
    }
}

/// A version as the API returns it; `source` and `definition` only for a single version.
struct VersionResponse: Encodable {
    var record: WorkflowVersionRecord

    init(_ record: WorkflowVersionRecord) {
        self.record = record
    }

    enum CodingKeys: String, CodingKey {
        case workflowID = "workflow_id"
        case version
        case contentHash = "content_hash"
        case sourceKind = "source_kind"
        case filePath = "file_path"
        case sourceFormat = "source_format"
        case createdAt = "created_at"
        case isCurrent = "is_current"
        case source, definition
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record.workflowID, forKey: .workflowID)
        try container.encode(record.versionNumber, forKey: .version)
        try container.encode(record.contentHash, forKey: .contentHash)
        try container.encode(record.sourceKind, forKey: .sourceKind)
        try container.encode(record.filePath, forKey: .filePath)
        try container.encode(record.sourceFormat, forKey: .sourceFormat)
        try container.encode(record.createdAt, forKey: .createdAt)
        try container.encode(record.isCurrent, forKey: .isCurrent)
        try container.encodeIfPresent(record.sourceText, forKey: .source)
        try container.encodeIfPresent(record.definition, forKey: .definition)
    }
}

/// `GET /workflows/{id}/versions/{a}/diff/{b}`: the unified diff of the two versions' sources and its hunks.
struct VersionDiffResponse: Encodable {
    var from: Int
    var to: Int
    var diff: String
    var hunks: [LineDiff.Hunk]
}

/// The body of `POST /workflows/{id}/rollback`.
struct RollbackPayload: Decodable, KnownFields {
    static var fieldNames: [String] { ["version"] }
    var version: Int
}

/// What a rollback did.
struct RollbackResponse: Encodable {
    var id: WorkflowID
    var version: Int
    var previousVersion: Int?

    enum CodingKeys: String, CodingKey {
        case id, version
        case previousVersion = "previous_version"
    }
}
