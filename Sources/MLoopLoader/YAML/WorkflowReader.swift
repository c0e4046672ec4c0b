import Foundation
import MLoopCore
import Yams

/// Reads the top-level mapping of a workflow file into a definition with every default applied.
enum WorkflowReader {
    static let keys = [
        "id", "description", "schedule", "timezone", "start_date", "end_date", "catchup",
        "max_active_runs",
        "max_active_tasks", "run_timeout", "tags", "params", "defaults", "tasks", "steps",
    ]

    static let otherToolsNames = [
        "dag_id": "id", "name": "id", "schedule_interval": "schedule", "cron": "schedule",
        "default_args": "defaults",
        "dagrun_timeout": "run_timeout", "concurrency": "max_active_tasks", "doc_md": "description",
        "tz": "timezone", "time_zone": "timezone",
    ]

    static func read(_ root: Node, defaultID: String, reader: inout NodeReader) -> WorkflowDraft? {
        var hints = otherToolsNames.mapValues { " (MLoop calls it '\($0)')" }
        for key in LocatedTaskSettings.keys + TaskReader.actionKeys + ["needs"] {
            hints[key] = " (task fields go in a task, or under 'defaults:' to apply to every task)"
        }
        guard
            let fields = reader.fields(
                of: root, path: "", what: "the workflow", known: keys, hints: hints)
        else {
            return nil
        }
        let defaults = readDefaults(fields["defaults"], reader: &reader)
        // `steps:` (seed 001's spelling) is `tasks:`; the definition is the same, and so is its content hash.
        if fields["tasks"] != nil, fields["steps"] != nil {
            reader.report("give the tasks once: either 'tasks:' or 'steps:', not both", atRecorded: "steps")
        } else if fields["steps"] != nil {
            // Problems of the list as a whole (`tasks`) point at `steps:`; its entries are recorded as tasks[i].
            reader.sourceMap.record("tasks", reader.sourceMap.locate("steps").mark)
        }
        return WorkflowDraft(
            id: reader.text(fields["id"], "id", path: "id") ?? defaultID,
            description: reader.text(fields["description"], "description", path: "description"),
            schedule: reader.text(fields["schedule"], "schedule", path: "schedule"),
            timezone: reader.text(fields["timezone"], "timezone", path: "timezone"),
            startDate: reader.text(fields["start_date"], "start_date", path: "start_date").map(
                DraftDate.text),
            endDate: reader.text(fields["end_date"], "end_date", path: "end_date").map(DraftDate.text),
            catchup: reader.boolean(fields["catchup"], "catchup", path: "catchup"),
            maxActiveRuns: reader.integer(
                fields["max_active_runs"], "max_active_runs", path: "max_active_runs"),
            maxActiveTasks: reader.integer(
                fields["max_active_tasks"], "max_active_tasks", path: "max_active_tasks"),
            runTimeout: reader.duration(fields["run_timeout"], "run_timeout", path: "run_timeout"),
            params: reader.jsonObject(fields["params"], "params", path: "params") ?? [:],
            tags: reader.textList(fields["tags"], "tags", path: "tags", single: false) ?? [],
            defaults: defaults.values,
            tasks: tasks(fields["tasks"] ?? fields["steps"], defaults: defaults, reader: &reader)
        )
    }

    private static func readDefaults(_ node: Node?, reader: inout NodeReader) -> LocatedTaskSettings {
        guard let node, !NodeReader.isNull(node) else { return LocatedTaskSettings() }
        var hints = LocatedTaskSettings.otherToolsNames.mapValues { " (MLoop calls it '\($0)')" }
        for key in ["id", "description", "needs", "params"] + TaskReader.actionKeys {
            hints[key] = " ('\(key)' belongs to each task, not to defaults)"
        }
        guard
            let fields = reader.fields(
                of: node, path: "defaults", what: "defaults", known: LocatedTaskSettings.keys, hints: hints)
        else { return LocatedTaskSettings() }
        return LocatedTaskSettings.read(fields, path: "defaults", reader: &reader)
    }

    private static func tasks(
        _ node: Node?, defaults: LocatedTaskSettings, reader: inout NodeReader
    ) -> [TaskDraft] {
        guard let node, !NodeReader.isNull(node) else { return [] }
        guard case .sequence(let sequence) = node else {
            reader.report(
                "tasks must be a list, each entry starting with '- id: name', got \(NodeReader.describe(node))",
                path: "tasks", at: node)
            return []
        }
        var tasks: [TaskDraft] = []
        for (index, item) in sequence.enumerated() {
            reader.sourceMap.record("tasks[\(index)]", item.mark)
            tasks.append(TaskReader.read(item, index: index, defaults: defaults, reader: &reader))
        }
        return tasks
    }
}
