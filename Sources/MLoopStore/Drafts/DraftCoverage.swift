import MLoopCore

/// What an API workflow's draft (seed 002's fields: description, schedule; per task inline Python, a bash script or
/// inline Swift, params, dependencies, retries, retry delay, timeout and trigger rule) can hold of a definition, so that a workflow saved as YAML opens in the
/// form as the same workflow, and a deploy from the form never silently drops what the draft cannot hold.
public enum DraftCoverage {
    /// The settings of `definition` the draft cannot hold, named as in the YAML format (`timezone`,
    /// `tasks.load (a command task)`, `tasks.train.env`); empty when the form can edit the whole workflow.
    public static func unsupportedFields(of definition: WorkflowDefinition) -> [String] {
        var fields: [String] = []
        func add(_ name: String, when condition: Bool) { if condition { fields.append(name) } }
        add("timezone", when: definition.timezone != "UTC")
        add("start_date", when: definition.startDate != nil)
        add("end_date", when: definition.endDate != nil)
        add("catchup", when: definition.catchup)
        add("max_active_runs", when: definition.maxActiveRuns != WorkflowDefinition.defaultMaxActiveRuns)
        add("max_active_tasks", when: definition.maxActiveTasks != WorkflowDefinition.defaultMaxActiveTasks)
        add("run_timeout", when: definition.runTimeout != nil)
        add("params", when: !definition.params.isEmpty)
        add("tags", when: !definition.tags.isEmpty)
        for task in definition.tasks {
            let name = "tasks.\(task.id)"
            if TaskDraftKind.code(of: task.action) == nil { fields.append("\(name) (\(describe(task.action)))") }
            add("\(name).description", when: task.description != nil)
            add("\(name).retry_exponential_backoff", when: task.retryExponentialBackoff)
            add("\(name).max_retry_delay", when: task.maxRetryDelay != nil)
            add("\(name).env", when: !task.env.isEmpty)
        }
        return fields
    }

    /// The tasks of `definition` the draft can hold (inline Python, bash, inline Swift), in definition order, with
    /// their draft fields.
    public static func taskFields(of definition: WorkflowDefinition) -> [TaskDraftFields] {
        definition.tasks.compactMap { task in
            guard let (kind, code) = TaskDraftKind.code(of: task.action) else { return nil }
            return TaskDraftFields(
                name: task.id.rawValue, kind: kind, code: code, params: task.params,
                dependencies: task.needs.map(\.rawValue), retryCount: task.retries,
                retryDelay: task.retryDelay.seconds, timeout: task.timeout?.seconds,
                triggerRule: task.triggerRule)
        }
    }

    private static func describe(_ action: TaskAction) -> String {
        switch action {
        case .python(.file): "a python file task"
        case .swift(.file): "a swift file task"
        default: "a \(action.kind) task"
        }
    }
}
