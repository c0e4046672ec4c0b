import Foundation
import MLoopCore

/// One task of an API workflow's draft, with seed 002's fields.
public struct TaskDraftRecord: Sendable, Hashable {
    public var id: Int64
    public var workflowID: WorkflowID
    public var name: String
    /// Inline Python run with `context["ti"]` in scope.
    public var pythonCallable: String
    public var params: [String: JSONValue]
    /// Names of tasks of the same workflow this one runs after.
    public var dependencies: [String]
    public var retryCount: Int
    /// Seconds between tries.
    public var retryDelay: Double
    public var createdAt: Date
    public var updatedAt: Date

    /// The task as a definition format gives it, for `WorkflowDraft.resolve()`.
    public var taskDraft: TaskDraft {
        TaskDraft(
            id: name, action: .python(.inline(pythonCallable)), needs: dependencies, params: params,
            settings: TaskSettings(retries: retryCount, retryDelay: .milliseconds(Int64((retryDelay * 1000).rounded())))
        )
    }
}

/// The fields of a task to add or replace (seed 002's `POST /api/v1/tasks/`).
public struct TaskDraftFields: Sendable, Hashable {
    public var name: String
    public var pythonCallable: String
    public var params: [String: JSONValue]
    public var dependencies: [String]
    public var retryCount: Int
    public var retryDelay: Double

    public init(
        name: String, pythonCallable: String, params: [String: JSONValue] = [:], dependencies: [String] = [],
        retryCount: Int = 0, retryDelay: Double = 300
    ) {
        self.name = name
        self.pythonCallable = pythonCallable
        self.params = params
        self.dependencies = dependencies
        self.retryCount = retryCount
        self.retryDelay = retryDelay
    }
}
