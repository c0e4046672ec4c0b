import MLoopCore

/// One task: an id, exactly one action and its own fields, written in the builder or as modifiers
/// (`.needs("extract")`, `.retries(3)`).
public struct Task: WorkflowComponent {
    static let actionNames = "Bash, Command, Python, PythonFile, SwiftCode, SwiftFile"

    public let id: String
    public let line: Int
    public private(set) var parts: TaskParts

    public init(_ id: String, line: Int = #line, @TaskBuilder _ content: () -> [any TaskComponent]) {
        self.id = id
        self.line = line
        var parts = TaskParts()
        for component in content() { component.apply(to: &parts) }
        self.parts = parts
    }

    public func apply(to workflow: inout WorkflowParts) {
        let index = workflow.draft.tasks.count
        let action: TaskAction
        switch parts.actions.count {
        case 1:
            action = parts.actions[0].action
        case 0:
            action = .command(arguments: ["-"])
            workflow.taskProblems.append(
                (
                    index,
                    ValidationIssue(
                        "task '\(id)' has nothing to run: give one of " + Self.actionNames,
                        path: "tasks[\(index)]")
                ))
        default:
            action = parts.actions[0].action
            let keys = parts.actions.map(\.key).joined(separator: ", ")
            workflow.taskProblems.append(
                (
                    index,
                    ValidationIssue(
                        "task '\(id)' has more than one action (\(keys)): give exactly one",
                        path: "tasks[\(index)].\(parts.actions[1].key)")
                ))
        }
        workflow.draft.tasks.append(
            TaskDraft(
                id: id, description: parts.description, action: action, needs: parts.needs,
                params: parts.params,
                settings: parts.settings))
        workflow.taskLines.append(line)
        workflow.taskActionKeys.append(parts.actions.first?.key ?? "")
    }

    private func with(_ change: (inout TaskParts) -> Void) -> Task {
        var copy = self
        change(&copy.parts)
        return copy
    }

    /// Adds upstream tasks.
    public func needs(_ ids: String...) -> Task { with { $0.needs += ids } }
    /// Adds upstream tasks.
    public func needs(_ ids: [String]) -> Task { with { $0.needs += ids } }
    public func description(_ text: String) -> Task { with { $0.description = text } }
    public func retries(_ count: Int) -> Task { with { $0.settings.retries = count } }
    public func retryDelay(_ delay: Duration) -> Task { with { $0.settings.retryDelay = delay } }
    /// Doubles the delay after each failed try, up to `maxDelay` when given.
    public func exponentialBackoff(_ enabled: Bool = true, maxDelay: Duration? = nil) -> Task {
        with {
            $0.settings.retryExponentialBackoff = enabled
            if let maxDelay { $0.settings.maxRetryDelay = maxDelay }
        }
    }
    public func maxRetryDelay(_ delay: Duration) -> Task {
        with { $0.settings.maxRetryDelay = delay }
    }
    public func timeout(_ timeout: Duration) -> Task { with { $0.settings.timeout = timeout } }
    public func triggerRule(_ rule: TriggerRule) -> Task { with { $0.settings.triggerRule = rule } }
    /// Adds environment variables (a later entry of the same name wins).
    public func env(_ variables: [String: String]) -> Task {
        with { $0.settings.env = ($0.settings.env ?? [:]).merging(variables) { _, new in new } }
    }
    /// Adds task params, merged over the workflow's params for this task.
    public func params(_ values: [String: JSONValue]) -> Task {
        with { $0.params.merge(values) { _, new in new } }
    }
}
