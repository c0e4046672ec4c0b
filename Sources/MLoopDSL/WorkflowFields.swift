import Foundation
import MLoopCore

/// `description`: shown in the UI and API. Also usable inside a task.
public struct Description: WorkflowComponent, TaskComponent {
    public let text: String
    public init(_ text: String) { self.text = text }
    public func apply(to parts: inout WorkflowParts) { parts.draft.description = text }
    public func apply(to parts: inout TaskParts) { parts.description = text }
}

/// `schedule`: a preset (`@daily`), a five-field cron expression, `@once` or `none`; checked like YAML's.
public struct Schedule: WorkflowComponent {
    public let text: String
    public init(_ text: String) { self.text = text }
    public func apply(to parts: inout WorkflowParts) { parts.draft.schedule = text }
}

/// `timezone`: the IANA zone the schedule and local dates are read in.
public struct Timezone: WorkflowComponent {
    public let identifier: String
    public init(_ identifier: String) { self.identifier = identifier }
    public func apply(to parts: inout WorkflowParts) { parts.draft.timezone = identifier }
}

/// `start_date`: text in the YAML forms (`2024-01-01`, `2024-01-01T06:30`, `…Z`), or an instant.
public struct StartDate: WorkflowComponent {
    public let date: DraftDate
    public init(_ text: String) { date = .text(text) }
    public init(_ instant: Date) { date = .instant(instant) }
    public func apply(to parts: inout WorkflowParts) { parts.draft.startDate = date }
}

/// `end_date`: as `StartDate`.
public struct EndDate: WorkflowComponent {
    public let date: DraftDate
    public init(_ text: String) { date = .text(text) }
    public init(_ instant: Date) { date = .instant(instant) }
    public func apply(to parts: inout WorkflowParts) { parts.draft.endDate = date }
}

/// `catchup`: whether intervals missed since the start date get runs of their own.
public struct Catchup: WorkflowComponent {
    public let enabled: Bool
    public init(_ enabled: Bool = true) { self.enabled = enabled }
    public func apply(to parts: inout WorkflowParts) { parts.draft.catchup = enabled }
}

/// `max_active_runs`.
public struct MaxActiveRuns: WorkflowComponent {
    public let count: Int
    public init(_ count: Int) { self.count = count }
    public func apply(to parts: inout WorkflowParts) { parts.draft.maxActiveRuns = count }
}

/// `max_active_tasks`.
public struct MaxActiveTasks: WorkflowComponent {
    public let count: Int
    public init(_ count: Int) { self.count = count }
    public func apply(to parts: inout WorkflowParts) { parts.draft.maxActiveTasks = count }
}

/// `run_timeout`: a run still unfinished after this long fails.
public struct RunTimeout: WorkflowComponent {
    public let duration: Duration
    public init(_ duration: Duration) { self.duration = duration }
    public func apply(to parts: inout WorkflowParts) { parts.draft.runTimeout = duration }
}

/// `tags`: labels for filtering; several `Tags` add up.
public struct Tags: WorkflowComponent {
    public let names: [String]
    public init(_ names: String...) { self.names = names }
    public init(_ names: [String]) { self.names = names }
    public func apply(to parts: inout WorkflowParts) { parts.draft.tags += names }
}

/// `params`: values handed to every task (or, inside a task, that task's own); several `Params` merge.
public struct Params: WorkflowComponent, TaskComponent {
    public let values: [String: JSONValue]
    public init(_ values: [String: JSONValue]) { self.values = values }
    public func apply(to parts: inout WorkflowParts) {
        parts.draft.params.merge(values) { _, new in new }
    }
    public func apply(to parts: inout TaskParts) { parts.params.merge(values) { _, new in new } }
}

/// `defaults`: task settings applied to every task that does not set them itself.
public struct Defaults: WorkflowComponent {
    public let settings: [any TaskSettingComponent]
    public init(@TaskSettingsBuilder _ content: () -> [any TaskSettingComponent]) {
        settings = content()
    }
    public func apply(to parts: inout WorkflowParts) {
        for setting in settings { setting.apply(to: &parts.draft.defaults) }
    }
}
