import MLoopCore
import Yams

/// The task fields that `defaults:` may give every task, as read from one mapping, with where each was written.
struct TaskSettings {
    static let keys = [
        "retries", "retry_delay", "retry_exponential_backoff", "max_retry_delay", "timeout", "trigger_rule", "env",
    ]

    /// Names other tools use for these fields, and what MLoop calls them.
    static let otherToolsNames = [
        "retry_count": "retries", "execution_timeout": "timeout", "environment": "env",
        "exponential_backoff":
            "retry_exponential_backoff", "max_retry_delay_seconds": "max_retry_delay",
    ]

    var retries: Int?
    var retryDelay: Duration?
    var retryExponentialBackoff: Bool?
    var maxRetryDelay: Duration?
    var timeout: Duration?
    var triggerRule: TriggerRule?
    var env: [String: String]?
    /// Field name → the path it was written at (`defaults.retries`, `tasks[2].retries`).
    var origins: [String: String] = [:]

    /// Reads the settings among `fields` (other fields are the caller's), located under `path`.
    static func read(_ fields: [String: Node], path: String, reader: inout NodeReader) -> TaskSettings {
        var settings = TaskSettings()
        func at(_ key: String) -> String { NodeReader.join(path, key) }
        settings.retries = reader.integer(fields["retries"], "retries", path: at("retries"))
        settings.retryDelay = reader.duration(fields["retry_delay"], "retry_delay", path: at("retry_delay"))
        settings.retryExponentialBackoff = reader.boolean(
            fields["retry_exponential_backoff"], "retry_exponential_backoff", path: at("retry_exponential_backoff"))
        settings.maxRetryDelay = reader.duration(
            fields["max_retry_delay"], "max_retry_delay", path: at("max_retry_delay"))
        settings.timeout = reader.duration(fields["timeout"], "timeout", path: at("timeout"))
        settings.triggerRule = triggerRule(fields["trigger_rule"], path: at("trigger_rule"), reader: &reader)
        settings.env = reader.textMap(fields["env"], "env", path: at("env"))
        for key in keys where fields[key] != nil { settings.origins[key] = at(key) }
        return settings
    }

    private static func triggerRule(_ node: Node?, path: String, reader: inout NodeReader) -> TriggerRule? {
        guard let text = reader.text(node, "trigger_rule", path: path) else { return nil }
        if let rule = TriggerRule(rawValue: text) { return rule }
        let names = TriggerRule.allCases.map(\.rawValue)
        let hint =
            Suggestion.closest(to: text, among: names).map { " (did you mean '\($0)'?)" }
            ?? "; use one of " + names.joined(separator: ", ")
        reader.report("unknown trigger rule '\(NodeReader.clip(text))'\(hint)", path: path, at: node)
        return nil
    }

    /// These settings with every field they leave unset taken from `defaults`; `env` entries are merged, the
    /// task's own entries winning.
    func over(_ defaults: TaskSettings) -> TaskSettings {
        var merged = self
        merged.retries = retries ?? defaults.retries
        merged.retryDelay = retryDelay ?? defaults.retryDelay
        merged.retryExponentialBackoff = retryExponentialBackoff ?? defaults.retryExponentialBackoff
        merged.maxRetryDelay = maxRetryDelay ?? defaults.maxRetryDelay
        merged.timeout = timeout ?? defaults.timeout
        merged.triggerRule = triggerRule ?? defaults.triggerRule
        if let defaultEnv = defaults.env {
            merged.env = defaultEnv.merging(env ?? [:]) { _, own in own }
        }
        merged.origins = defaults.origins.merging(origins) { _, own in own }
        return merged
    }
}
