import MLoopCore

/// A workflow declared in Swift. It resolves to the same definition its YAML twin loads to, through the same
/// draft, defaults and validator, so mistakes the compiler cannot catch get the YAML messages, located at the
/// declaring file and line.
public struct Workflow: Sendable {
    /// What the builder produced, before text fields are read and defaults applied.
    public let parts: WorkflowParts
    /// The declaring file and line, for messages.
    public let file: String
    public let line: Int

    public init(
        _ id: String, file: String = #filePath, line: Int = #line,
        @WorkflowBuilder _ content: () -> [any WorkflowComponent]
    ) {
        var parts = WorkflowParts(draft: WorkflowDraft(id: id))
        for component in content() { component.apply(to: &parts) }
        self.parts = parts
        self.file = file
        self.line = line
    }

    /// The workflow's id as declared.
    public var id: String { parts.draft.id }

    /// The validated definition, or every problem, each located at the workflow's or the task's line.
    public func definition() -> Result<WorkflowDefinition, ValidationFailure> {
        let (definition, draftIssues) = parts.draft.resolve()
        var issues = parts.taskProblems.map { locate($0.issue, taskIndex: $0.index) }
        issues += draftIssues.map { locate($0, taskIndex: Self.taskIndex(of: $0.path)) }
        return issues.isEmpty ? .success(definition) : .failure(ValidationFailure(issues))
    }

    private func locate(_ issue: ValidationIssue, taskIndex: Int?) -> ValidationIssue {
        var issue = issue
        if let taskIndex, parts.taskActionKeys.indices.contains(taskIndex) {
            // `python_file: x` is the model's `python` action: name the path as the declaration wrote it.
            let key = parts.taskActionKeys[taskIndex]
            let kindPath = "tasks[\(taskIndex)].\(parts.draft.tasks[taskIndex].action.kind)"
            if issue.path == kindPath, !key.isEmpty { issue.path = "tasks[\(taskIndex)].\(key)" }
        }
        issue.file = file
        issue.line =
            taskIndex.flatMap { parts.taskLines.indices.contains($0) ? parts.taskLines[$0] : nil } ?? line
        return issue
    }

    /// `tasks[3].needs[0]` → 3.
    static func taskIndex(of path: String) -> Int? {
        guard path.hasPrefix("tasks[") else { return nil }
        return Int(path.dropFirst("tasks[".count).prefix { $0.isNumber })
    }
}
