import Foundation

/// A validated workflow with every default applied. Its canonical JSON is what a workflow version stores.
public struct WorkflowDefinition: Hashable, Sendable {
    public var id: WorkflowID
    public var description: String?
    public var schedule: Schedule
    /// IANA time zone the schedule is read in (`Europe/Berlin`).
    public var timezone: String
    public var startDate: Date?
    public var endDate: Date?
    /// Whether missed intervals since `startDate` get runs of their own.
    public var catchup: Bool
    public var maxActiveRuns: Int
    public var maxActiveTasks: Int
    /// A run still unfinished after this long fails.
    public var runTimeout: Duration?
    public var params: [String: JSONValue]
    public var tags: [String]
    /// Tasks in the order written.
    public var tasks: [TaskDefinition]

    public static let defaultMaxActiveRuns = 16
    public static let defaultMaxActiveTasks = 16

    public init(
        id: WorkflowID,
        description: String? = nil,
        schedule: Schedule = .none,
        timezone: String = "UTC",
        startDate: Date? = nil,
        endDate: Date? = nil,
        catchup: Bool = false,
        maxActiveRuns: Int = WorkflowDefinition.defaultMaxActiveRuns,
        maxActiveTasks: Int = WorkflowDefinition.defaultMaxActiveTasks,
        runTimeout: Duration? = nil,
        params: [String: JSONValue] = [:],
        tags: [String] = [],
        tasks: [TaskDefinition] = []
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
        self.tasks = tasks
    }

    /// The task with this id, if the workflow has one.
    public func task(_ id: TaskID) -> TaskDefinition? { tasks.first { $0.id == id } }

    /// The params a try of `task` sees: the workflow's, overridden by the task's, overridden by the run's conf.
    public func params(for task: TaskDefinition, conf: [String: JSONValue]) -> [String: JSONValue] {
        params.merging(task.params) { $1 }.merging(conf) { $1 }
    }
}

extension WorkflowDefinition: Codable {
    // The persisted canonical form: snake_case keys, dates as ISO 8601 UTC strings, durations in seconds.
    private enum CodingKeys: String, CodingKey {
        case id, description, schedule, timezone, catchup, params, tags, tasks
        case startDate = "start_date"
        case endDate = "end_date"
        case maxActiveRuns = "max_active_runs"
        case maxActiveTasks = "max_active_tasks"
        case runTimeout = "run_timeout"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(WorkflowID.self, forKey: .id)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        schedule = try container.decodeIfPresent(Schedule.self, forKey: .schedule) ?? .none
        timezone = try container.decodeIfPresent(String.self, forKey: .timezone) ?? "UTC"
        startDate = try container.decodeTimestampIfPresent(forKey: .startDate)
        endDate = try container.decodeTimestampIfPresent(forKey: .endDate)
        catchup = try container.decodeIfPresent(Bool.self, forKey: .catchup) ?? false
        maxActiveRuns = try container.decodeIfPresent(Int.self, forKey: .maxActiveRuns) ?? Self.defaultMaxActiveRuns
        maxActiveTasks = try container.decodeIfPresent(Int.self, forKey: .maxActiveTasks) ?? Self.defaultMaxActiveTasks
        runTimeout = try container.decodeSecondsIfPresent(forKey: .runTimeout)
        params = try container.decodeIfPresent([String: JSONValue].self, forKey: .params) ?? [:]
        tags = try container.decodeIfPresent([String].self, forKey: .tags) ?? []
        tasks = try container.decodeIfPresent([TaskDefinition].self, forKey: .tasks) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encode(schedule, forKey: .schedule)
        try container.encode(timezone, forKey: .timezone)
        try container.encodeTimestampIfPresent(startDate, forKey: .startDate)
        try container.encodeTimestampIfPresent(endDate, forKey: .endDate)
        try container.encode(catchup, forKey: .catchup)
        try container.encode(maxActiveRuns, forKey: .maxActiveRuns)
        try container.encode(maxActiveTasks, forKey: .maxActiveTasks)
        try container.encodeSecondsIfPresent(runTimeout, forKey: .runTimeout)
        try container.encode(params, forKey: .params)
        try container.encode(tags, forKey: .tags)
        try container.encode(tasks, forKey: .tasks)
    }
}
