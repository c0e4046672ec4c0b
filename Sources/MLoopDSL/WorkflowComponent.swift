import MLoopCore

/// Something written inside `Workflow { … }`: a workflow field, `Defaults { … }` or a task.
public protocol WorkflowComponent: Sendable {
    func apply(to parts: inout WorkflowParts)
}

/// Something written inside `Task(…) { … }`: an action or one of the task's own fields.
public protocol TaskComponent: Sendable {
    func apply(to parts: inout TaskParts)
}

/// A task setting that `Defaults { … }` may give every task, and a task may give itself.
public protocol TaskSettingComponent: TaskComponent {
    func apply(to settings: inout TaskSettings)
}

extension TaskSettingComponent {
    public func apply(to parts: inout TaskParts) { apply(to: &parts.settings) }
}

/// The workflow being assembled: the draft the YAML loader would also produce, and where each task was declared.
public struct WorkflowParts: Sendable {
    public var draft: WorkflowDraft
    /// The source line of each task in `draft.tasks`, for locating issues.
    public var taskLines: [Int] = []
    /// The action key each task was declared with (`python_file`), so issues name it as YAML would.
    public var taskActionKeys: [String] = []
    /// Problems only the DSL can have (a task with two actions), by task index.
    public var taskProblems: [(index: Int, issue: ValidationIssue)] = []
}

/// The task being assembled.
public struct TaskParts: Sendable {
    public var description: String?
    /// The actions given, by their YAML key (`bash`, `python_file`…); a task needs exactly one.
    public var actions: [(key: String, action: TaskAction)] = []
    public var needs: [String] = []
    public var params: [String: JSONValue] = [:]
    public var settings = TaskSettings()
}
