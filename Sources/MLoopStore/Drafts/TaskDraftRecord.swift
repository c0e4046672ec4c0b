import Foundation
import MLoopCore

/// One task of an API workflow's draft: seed 002's fields, its kind, timeout and trigger rule.
public struct TaskDraftRecord: Sendable, Hashable {
    public var id: Int64
    public var workflowID: WorkflowID
    public var name: String
    public var kind: TaskDraftKind
    /// The source of `kind`: Python run with `context["ti"]` in scope, a bash script, or Swift.
    public var code: String
    public var params: [String: JSONValue]
    /// Names of tasks of the same workflow this one runs after.
    public var dependencies: [String]
    public var retryCount: Int
    /// Seconds between tries.
    public var retryDelay: Double
    /// Seconds a try may run; nil for no limit.
    public var timeout: Double?
    public var triggerRule: TriggerRule
    public var createdAt: Date
    public var updatedAt: Date

    /// The task as a definition format gives it, for `WorkflowDraft.resolve()`.
    public var taskDraft: TaskDraft {
        TaskDraft(
            id: name, action: kind.action(code), needs: dependencies, params: params,
            settings: TaskSettings(
                retries: retryCount, retryDelay: Self.duration(retryDelay), timeout: timeout.map(Self.duration),
                triggerRule: triggerRule))
    }

    static func duration(_ seconds: Double) -> Duration { .milliseconds(Int64((seconds * 1000).rounded())) }
}

/// The fields of a task to add or replace (seed 002's `POST /api/v1/tasks/`, with kind, timeout and trigger rule).
public struct TaskDraftFields: Sendable, Hashable {
    public var name: String
    public var kind: TaskDraftKind
    public var code: String
    public var params: [String: JSONValue]
    public var dependencies: [String]
    public var retryCount: Int
    public var retryDelay: Double
    /// Seconds, greater than 0; nil for no limit.
    public var timeout: Double?
    public var triggerRule: TriggerRule

    public init(
        name: String, kind: TaskDraftKind = .python, code: String, params: [String: JSONValue] = [:],
        dependencies: [String] = [], retryCount: Int = 0, retryDelay: Double = 300, timeout: Double? = nil,
        triggerRule: TriggerRule = .allSuccess
    ) {
        self.name = name
        self.kind = kind
        self.code = code
        self.params = params
        self.dependencies = dependencies
        self.retryCount = retryCount
        self.retryDelay = retryDelay
        self.timeout = timeout
        self.triggerRule = triggerRule
    }
}
