import Foundation
import Hummingbird
import MLoopCore
import MLoopStore

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
