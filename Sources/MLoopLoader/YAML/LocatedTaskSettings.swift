import MLoopCore
import Yams

/// The task settings read from one YAML mapping (a task or `defaults:`), with where each was written.
struct LocatedTaskSettings {
    static let keys = [
        "retries", "retry_delay", "retry_exponential_backoff", "max_retry_delay", "timeout",
        "trigger_rule", "env", "protocol",
    ]

    /// Names other tools use for these fields, and what MLoop calls them.
    static let otherToolsNames = [
        "retry_count": "retries", "execution_timeout": "timeout", "environment": "env",
        "exponential_backoff":
            "retry_exponential_backoff", "max_retry_delay_seconds": "max_retry_delay",
    ]

    var values = TaskSettings()
    /// Field name → the path it was written at (`defaults.retries`, `tasks[2].retries`).
    var origins: [String: String] = [:]

    /// Reads the settings among `fields` (other fields are the caller's), located under `path`.
    static func read(_ fields: [String: Node], path: String, reader: inout NodeReader)
        -> LocatedTaskSettings
    {
        var settings = TaskSettings()
        func at(_ key: String) -> String { NodeReader.join(path, key) }
        settings.retries = reader.integer(fields["retries"], "retries", path: at("retries"))
        settings.retryDelay = reader.duration(
            fields["retry_delay"], "retry_delay", path: at("retry_delay"))
        settings.retryExponentialBackoff = reader.boolean(
            fields["retry_exponential_backoff"], "retry_exponential_backoff",
            path: at("retry_exponential_backoff"))
        settings.maxRetryDelay = reader.duration(
            fields["max_retry_delay"], "max_retry_delay", path: at("max_retry_delay"))
        settings.timeout = reader.duration(fields["timeout"], "timeout", path: at("timeout"))
        settings.triggerRule = triggerRule(
            fields["trigger_rule"], path: at("trigger_rule"), reader: &reader)
        settings.env = reader.textMap(fields["env"], "env", path: at("env"))
        settings.outputProtocol = outputProtocol(fields["protocol"], path: at("protocol"), reader: &reader)
        var located = LocatedTaskSettings(values: settings)
        for key in keys where fields[key] != nil { located.origins[key] = at(key) }
        return located
    }

    // `protocol: {progress: VTM_PROGRESS, meta: VTM_RUN_META}`; the tags are checked by the validator.
    private static func outputProtocol(_ node: Node?, path: String, reader: inout NodeReader) -> OutputProtocol? {
        guard let node, !NodeReader.isNull(node),
            let fields = reader.fields(of: node, path: path, what: "protocol", known: ["progress", "meta"])
        else { return nil }
        return OutputProtocol(
            progress: reader.text(fields["progress"], "protocol.progress", path: NodeReader.join(path, "progress")),
            meta: reader.text(fields["meta"], "protocol.meta", path: NodeReader.join(path, "meta")))
    }

    private static func triggerRule(_ node: Node?, path: String, reader: inout NodeReader)
        -> TriggerRule?
    {
        guard let text = reader.text(node, "trigger_rule", path: path) else { return nil }
        if let rule = TriggerRule(rawValue: text) { return rule }
        reader.report(TriggerRule.unknownNameMessage(NodeReader.clip(text)), path: path, at: node)
        return nil
    }

    /// Where each field of these settings merged over `defaults` was written: the task's own place, or the
    /// default's.
    func origins(over defaults: LocatedTaskSettings) -> [String: String] {
        defaults.origins.merging(origins) { _, own in own }
    }
}
