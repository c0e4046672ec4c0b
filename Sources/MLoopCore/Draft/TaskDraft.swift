/// One task as a definition format gives it: its own settings, to be merged over the workflow's defaults.
public struct TaskDraft: Hashable, Sendable {
    public var id: String
    public var description: String?
    public var action: TaskAction
    public var needs: [String]
    public var params: [String: JSONValue]
    public var settings: TaskSettings

    public init(
        id: String, description: String? = nil, action: TaskAction, needs: [String] = [],
        params: [String: JSONValue] = [:], settings: TaskSettings = TaskSettings()
    ) {
        self.id = id
        self.description = description
        self.action = action
        self.needs = needs
        self.params = params
        self.settings = settings
    }

    /// The task with its settings merged over `defaults` and the built-in values for whatever neither gives.
    public func definition(defaults: TaskSettings) -> TaskDefinition {
        let settings = settings.over(defaults)
        return TaskDefinition(
            id: TaskID(id),
            description: description,
            action: action,
            needs: needs.map { TaskID($0) },
            retries: settings.retries ?? 0,
            retryDelay: settings.retryDelay ?? TaskDefinition.defaultRetryDelay,
            retryExponentialBackoff: settings.retryExponentialBackoff ?? false,
            maxRetryDelay: settings.maxRetryDelay,
            timeout: settings.timeout,
            triggerRule: settings.triggerRule ?? .allSuccess,
            env: settings.env ?? [:],
            params: params,
            outputProtocol: settings.outputProtocol
        )
    }
}
