/// Why an operation on a run's tasks cannot be planned.
public enum TaskOperationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The run has no instance of the task.
    case unknownTask(TaskID, workflow: WorkflowID)
    /// The task's state does not allow the operation.
    case refused(TaskID, operation: String, TransitionError)
    /// Marks set success or failed, nothing else.
    case unsupportedMark(TaskInstanceState)

    public var description: String {
        switch self {
        case .unknownTask(let task, let workflow): "workflow '\(workflow)' has no task '\(task)' in this run"
        case .refused(let task, let operation, let error): "cannot \(operation) task '\(task)': \(error)"
        case .unsupportedMark(let state): "a task can be marked success or failed, not \(state.rawValue)"
        }
    }
}
