import MLoopCore

/// What one file yields: a definition plus its source text, or its issues.
public enum LoadedWorkflowFile: Sendable {
    case workflow(WorkflowDefinition, source: String)
    case failed([ValidationIssue])
}
