/// The task fields a workflow's defaults may give every task. Unset fields fall back to the defaults, then to
/// the built-in values; loaders of every format merge them here, so defaults mean the same everywhere.
public struct TaskSettings: Hashable, Sendable {
    public var retries: Int?
    public var retryDelay: Duration?
    public var retryExponentialBackoff: Bool?
    public var maxRetryDelay: Duration?
    public var timeout: Duration?
    public var triggerRule: TriggerRule?
    public var env: [String: String]?
    public var outputProtocol: OutputProtocol?

    public init(
        retries: Int? = nil, retryDelay: Duration? = nil, retryExponentialBackoff: Bool? = nil,
        maxRetryDelay: Duration? = nil, timeout: Duration? = nil, triggerRule: TriggerRule? = nil,
        env: [String: String]? = nil, outputProtocol: OutputProtocol? = nil
    ) {
        self.retries = retries
        self.retryDelay = retryDelay
        self.retryExponentialBackoff = retryExponentialBackoff
        self.maxRetryDelay = maxRetryDelay
        self.timeout = timeout
        self.triggerRule = triggerRule
        self.env = env
        self.outputProtocol = outputProtocol
    }

    /// These settings with every field they leave unset taken from `defaults`; `env` entries are merged, the
    /// task's own entries winning.
    public func over(_ defaults: TaskSettings) -> TaskSettings {
        var merged = self
        merged.retries = retries ?? defaults.retries
        merged.retryDelay = retryDelay ?? defaults.retryDelay
        merged.retryExponentialBackoff = retryExponentialBackoff ?? defaults.retryExponentialBackoff
        merged.maxRetryDelay = maxRetryDelay ?? defaults.maxRetryDelay
        merged.timeout = timeout ?? defaults.timeout
        merged.triggerRule = triggerRule ?? defaults.triggerRule
        merged.outputProtocol = outputProtocol ?? defaults.outputProtocol
        if let defaultEnv = defaults.env {
            merged.env = defaultEnv.merging(env ?? [:]) { _, own in own }
        }
        return merged
    }
}
