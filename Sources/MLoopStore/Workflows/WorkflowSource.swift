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
public enum WorkflowChange: Sendable, Hashable {
    case created(WorkflowID, version: Int)
    case newVersion(WorkflowID, version: Int)
    case unchanged(WorkflowID)
    case deactivated(WorkflowID)
}
