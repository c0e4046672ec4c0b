import MLoopCore

/// A definition together with the text it was read from, ready to be stored as a version.
public struct WorkflowSource: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable, Codable {
        case yaml, swift, json
    }

    public var definition: WorkflowDefinition
    public var sourceText: String
    public var format: Format

    public init(definition: WorkflowDefinition, sourceText: String, format: Format) {
        self.definition = definition
        self.sourceText = sourceText
        self.format = format
    }
}

/// What storing a file's workflows did to one workflow.
public enum WorkflowChange: Sendable, Hashable, CustomStringConvertible {
    case created(WorkflowID, version: Int)
    case newVersion(WorkflowID, version: Int)
    case unchanged(WorkflowID)
    case deactivated(WorkflowID)

    /// As logs and the CLI say it: `daily created (v1)`, `daily now at v3`.
    public var description: String {
        switch self {
        case .created(let id, let version): "\(id) created (v\(version))"
        case .newVersion(let id, let version): "\(id) now at v\(version)"
        case .unchanged(let id): "\(id) unchanged"
        case .deactivated(let id): "\(id) deactivated"
        }
    }
}
