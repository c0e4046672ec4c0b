import MLoopCore

/// What one file yields: a definition plus its source text (YAML), the definitions a Swift file declares, or its
/// issues.
public enum LoadedWorkflowFile: Sendable {
    case workflow(WorkflowDefinition, source: String)
    /// The workflows a `*.swift` file declares, in the order it declares them.
    case declared([WorkflowDefinition], source: String)
    case failed([ValidationIssue])
}
