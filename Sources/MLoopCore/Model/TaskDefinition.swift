/// One task of a workflow with every default already applied: what the scheduler and executor act on.
public struct TaskDefinition: Hashable, Sendable {
    public var id: TaskID
    public var description: String?
    public var action: TaskAction
    /// Direct upstream tasks, in the order written.
    public var needs: [TaskID]
    /// Tries after the first one.
    public var retries: Int
    public var retryDelay: Duration
    public var retryExponentialBackoff: Bool
    /// Cap on the delay between tries when backing off exponentially.
    public var maxRetryDelay: Duration?
    /// A try running longer than this has its whole process tree killed.
    public var timeout: Duration?
    public var triggerRule: TriggerRule
    public var env: [String: String]
    /// Task-level params, merged over the workflow's params for this task.
    public var params: [String: JSONValue]
    /// Other tags for progress and metadata lines (an existing trainer's own protocol), if any.
    public var outputProtocol: OutputProtocol?

    public static let defaultRetryDelay: Duration = .seconds(300)

    public init(
        id: TaskID,
        description: String? = nil,
        action: TaskAction,
        needs: [TaskID] = [],
        retries: Int = 0,
        retryDelay: Duration = TaskDefinition.defaultRetryDelay,
        retryExponentialBackoff: Bool = false,
        maxRetryDelay: Duration? = nil,
        timeout: Duration? = nil,
        triggerRule: TriggerRule = .allSuccess,
        env: [String: String] = [:],
        params: [String: JSONValue] = [:],
        outputProtocol: OutputProtocol? = nil
    ) {
        self.id = id
        self.description = description
        self.action = action
        self.needs = needs
        self.retries = retries
        self.retryDelay = retryDelay
        self.retryExponentialBackoff = retryExponentialBackoff
        self.maxRetryDelay = maxRetryDelay
        self.timeout = timeout
        self.triggerRule = triggerRule
        self.env = env
        self.params = params
        self.outputProtocol = outputProtocol
    }
}

extension TaskDefinition: Codable {
    // The persisted canonical form: snake_case keys, durations in seconds. Changing it changes every content hash.
    private enum CodingKeys: String, CodingKey {
        case id, description, action, needs, retries, env, params
        case retryDelay = "retry_delay"
        case retryExponentialBackoff = "retry_exponential_backoff"
        case maxRetryDelay = "max_retry_delay"
        case timeout
        case triggerRule = "trigger_rule"
        case outputProtocol = "protocol"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(TaskID.self, forKey: .id)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        action = try container.decode(TaskAction.self, forKey: .action)
        needs = try container.decodeIfPresent([TaskID].self, forKey: .needs) ?? []
        retries = try container.decodeIfPresent(Int.self, forKey: .retries) ?? 0
        retryDelay = try container.decodeSecondsIfPresent(forKey: .retryDelay) ?? Self.defaultRetryDelay
        retryExponentialBackoff = try container.decodeIfPresent(Bool.self, forKey: .retryExponentialBackoff) ?? false
        maxRetryDelay = try container.decodeSecondsIfPresent(forKey: .maxRetryDelay)
        timeout = try container.decodeSecondsIfPresent(forKey: .timeout)
        triggerRule = try container.decodeIfPresent(TriggerRule.self, forKey: .triggerRule) ?? .allSuccess
        env = try container.decodeIfPresent([String: String].self, forKey: .env) ?? [:]
        params = try container.decodeIfPresent([String: JSONValue].self, forKey: .params) ?? [:]
        outputProtocol = try container.decodeIfPresent(OutputProtocol.self, forKey: .outputProtocol)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(action, forKey: .action)
        try container.encode(needs, forKey: .needs)
        try container.encode(retries, forKey: .retries)
        try container.encodeSeconds(retryDelay, forKey: .retryDelay)
        try container.encode(retryExponentialBackoff, forKey: .retryExponentialBackoff)
        try container.encodeSecondsIfPresent(maxRetryDelay, forKey: .maxRetryDelay)
        try container.encodeSecondsIfPresent(timeout, forKey: .timeout)
        try container.encode(triggerRule, forKey: .triggerRule)
        try container.encode(env, forKey: .env)
        try container.encode(params, forKey: .params)
        // Only when set: the canonical form (and content hash) of every task without it stays as it was.
        try container.encodeIfPresent(outputProtocol, forKey: .outputProtocol)
    }
}
