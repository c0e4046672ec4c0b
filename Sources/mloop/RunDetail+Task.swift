import MLoopCore
import MLoopStore

extension RunDetail {
    /// The run's instance of `task`, or an error naming the run's tasks (for the CLI's task arguments).
    func instance(_ task: TaskID) throws -> TaskInstanceRecord {
        guard let instance = taskInstances.first(where: { $0.taskID == task }) else {
            throw StoreError.notFound(
                "run \(run.runID) has no task '\(task)'; its tasks: "
                    + taskInstances.map(\.taskID.rawValue).joined(separator: ", "))
        }
        return instance
    }
}
