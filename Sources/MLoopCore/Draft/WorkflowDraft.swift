import Foundation

/// A workflow as a definition format gives it, before its text fields are read, its defaults applied and the
/// whole checked. The YAML loader and the Swift DSL both fill one in and call `resolve()`, so the two formats
/// share one meaning for every field and one message for every mistake.
public struct WorkflowDraft: Hashable, Sendable {
    public var id: String
    public var description: String?
    /// As written: a preset, a cron expression, `@once`, `none` or nil.
    public var schedule: String?
    public var timezone: String?
    public var startDate: DraftDate?
    public var endDate: DraftDate?
    public var catchup: Bool?
    public var maxActiveRuns: Int?
    public var maxActiveTasks: Int?
    public var runTimeout: Duration?
    public var params: [String: JSONValue]
    public var tags: [String]
    public var defaults: TaskSettings
    public var tasks: [TaskDraft]

    public init(
        id: String, description: String? = nil, schedule: String? = nil, timezone: String? = nil,
        startDate: DraftDate? = nil, endDate: DraftDate? = nil, catchup: Bool? = nil,
        maxActiveRuns: Int? = nil,
        maxActiveTasks: Int? = nil, runTimeout: Duration? = nil, params: [String: JSONValue] = [:],
        tags: [String] = [], defaults: TaskSettings = TaskSettings(), tasks: [TaskDraft] = []
    ) {
        self.id = id
        self.description = description
        self.schedule = schedule
        self.timezone = timezone
        self.startDate = startDate
        self.endDate = endDate
        self.catchup = catchup
        self.maxActiveRuns = maxActiveRuns
        self.maxActiveTasks = maxActiveTasks
        self.runTimeout = runTimeout
        self.params = params
        self.tags = tags
        self.defaults = defaults
        self.tasks = tasks
    }

    /// The definition with every default applied, and every problem found reading its text fields and validating
    /// it (paths such as `schedule` or `tasks[2].needs[0]`; no file or line: the format adds those).
    public func resolve() -> (definition: WorkflowDefinition, issues: [ValidationIssue]) {
        var issues: [ValidationIssue] = []
        let timezone = timezone ?? "UTC"
        // An unknown zone is reported by the validator; local dates are read in UTC meanwhile.
        let zone = TimeZone(identifier: timezone) ?? .gmt
        func date(_ value: DraftDate?, _ field: String) -> Date? {
            switch value {
            case nil: return nil
            case .instant(let date): return date
            case .text(let text):
                switch FieldText.date(text, field: field, in: zone) {
                case .success(let date): return date
                case .failure(let error):
                    issues.append(ValidationIssue(error.message, path: field))
                    return nil
                }
            }
        }
        var schedule = Schedule.none
        switch FieldText.schedule(self.schedule) {
        case .success(let parsed): schedule = parsed
        case .failure(let error): issues.append(ValidationIssue(error.message, path: "schedule"))
        }
        let definition = WorkflowDefinition(
            id: WorkflowID(id),
            description: description,
            schedule: schedule,
            timezone: timezone,
            startDate: date(startDate, "start_date"),
            endDate: date(endDate, "end_date"),
            catchup: catchup ?? false,
            maxActiveRuns: maxActiveRuns ?? WorkflowDefinition.defaultMaxActiveRuns,
            maxActiveTasks: maxActiveTasks ?? WorkflowDefinition.defaultMaxActiveTasks,
            runTimeout: runTimeout,
            params: params,
            tags: tags,
            tasks: tasks.map { $0.definition(defaults: defaults) }
        )
        return (definition, issues + WorkflowValidator.validate(definition))
    }
}

/// A date as a format gives it: text read in the workflow's time zone, or an instant.
public enum DraftDate: Hashable, Sendable {
    case text(String)
    case instant(Date)
}
