import MLoopCore

/// `bash`: a script run by `bash`.
public struct Bash: TaskComponent {
    public let script: String
    public init(_ script: String) { self.script = script }
    public func apply(to parts: inout TaskParts) {
        parts.actions.append(("bash", .bash(script: script)))
    }
}

/// `command`: a program and its arguments, run without a shell.
public struct Command: TaskComponent {
    public let arguments: [String]
    public init(_ arguments: [String]) { self.arguments = arguments }
    public init(_ arguments: String...) { self.arguments = arguments }
    public func apply(to parts: inout TaskParts) {
        parts.actions.append(("command", .command(arguments: arguments)))
    }
}

/// `python`: inline Python run by `python3`.
public struct Python: TaskComponent {
    public let code: String
    public init(_ code: String) { self.code = code }
    public func apply(to parts: inout TaskParts) {
        parts.actions.append(("python", .python(.inline(code))))
    }
}

/// `python_file`: a Python file relative to the DAGs folder.
public struct PythonFile: TaskComponent {
    public let path: String
    public init(_ path: String) { self.path = path }
    public func apply(to parts: inout TaskParts) {
        parts.actions.append(("python_file", .python(.file(path))))
    }
}

/// `swift`: inline Swift, compiled once and run.
public struct SwiftCode: TaskComponent {
    public let code: String
    public init(_ code: String) { self.code = code }
    public func apply(to parts: inout TaskParts) {
        parts.actions.append(("swift", .swift(.inline(code))))
    }
}

/// `swift_file`: a Swift file relative to the DAGs folder.
public struct SwiftFile: TaskComponent {
    public let path: String
    public init(_ path: String) { self.path = path }
    public func apply(to parts: inout TaskParts) {
        parts.actions.append(("swift_file", .swift(.file(path))))
    }
}

/// `needs`: upstream tasks, inside a task's builder.
public struct Needs: TaskComponent {
    public let ids: [String]
    public init(_ ids: String...) { self.ids = ids }
    public init(_ ids: [String]) { self.ids = ids }
    public func apply(to parts: inout TaskParts) { parts.needs += ids }
}

/// `retries`: tries after the first.
public struct Retries: TaskSettingComponent {
    public let count: Int
    public init(_ count: Int) { self.count = count }
    public func apply(to settings: inout TaskSettings) { settings.retries = count }
}

/// `retry_delay`: the wait before the next try.
public struct RetryDelay: TaskSettingComponent {
    public let delay: Duration
    public init(_ delay: Duration) { self.delay = delay }
    public func apply(to settings: inout TaskSettings) { settings.retryDelay = delay }
}

/// `retry_exponential_backoff` (and `max_retry_delay` when `maxDelay` is given).
public struct ExponentialBackoff: TaskSettingComponent {
    public let enabled: Bool
    public let maxDelay: Duration?
    public init(_ enabled: Bool = true, maxDelay: Duration? = nil) {
        self.enabled = enabled
        self.maxDelay = maxDelay
    }
    public func apply(to settings: inout TaskSettings) {
        settings.retryExponentialBackoff = enabled
        if let maxDelay { settings.maxRetryDelay = maxDelay }
    }
}

/// `max_retry_delay`: the cap on the delay when backing off.
public struct MaxRetryDelay: TaskSettingComponent {
    public let delay: Duration
    public init(_ delay: Duration) { self.delay = delay }
    public func apply(to settings: inout TaskSettings) { settings.maxRetryDelay = delay }
}

/// `timeout`: a try running longer has its whole process tree killed.
public struct Timeout: TaskSettingComponent {
    public let duration: Duration
    public init(_ duration: Duration) { self.duration = duration }
    public func apply(to settings: inout TaskSettings) { settings.timeout = duration }
}

/// `trigger_rule`: when the task may run, given its upstream tasks' states.
public struct Trigger: TaskSettingComponent {
    public let rule: TriggerRule
    public init(_ rule: TriggerRule) { self.rule = rule }
    public func apply(to settings: inout TaskSettings) { settings.triggerRule = rule }
}

/// `env`: extra environment variables; several `Env` merge, a later entry of the same name winning.
public struct Env: TaskSettingComponent {
    public let variables: [String: String]
    public init(_ variables: [String: String]) { self.variables = variables }
    public func apply(to settings: inout TaskSettings) {
        settings.env = (settings.env ?? [:]).merging(variables) { _, new in new }
    }
}

/// `protocol`: another tag for progress and/or metadata lines, so an existing trainer's output counts
/// (`LineTags(progress: "VTM_PROGRESS", meta: "VTM_RUN_META")`).
public struct LineTags: TaskSettingComponent {
    public let tags: OutputProtocol
    public init(progress: String? = nil, meta: String? = nil) { tags = OutputProtocol(progress: progress, meta: meta) }
    public func apply(to settings: inout TaskSettings) { settings.outputProtocol = tags }
}
